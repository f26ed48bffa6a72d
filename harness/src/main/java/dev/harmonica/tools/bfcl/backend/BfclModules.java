package dev.harmonica.tools.bfcl.backend;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * The Python module-level state that BFCL's backend instances share: the long-context constants (three of which
 * the backends mutate in place) and the mutable default arguments of {@code TwitterAPI.post_tweet}.
 *
 * <p>In BFCL all instances of one process share these objects, so a model-side call can change what the
 * ground-truth side sees (ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py). For verdict parity, create ONE {@code BfclModules} per
 * entry and pass it to both the model-side and the ground-truth-side instances of that entry; a fresh one per entry
 * keeps entries (and threads) independent, which BFCL does not guarantee but its verdicts on a single entry do not
 * depend on.
 */
public final class BfclModules {
    /** The default local time zone for TradingBot timestamps: UTC (the fixtures were generated with TZ=UTC). */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneOffset.UTC;
    /**
     * The default {@code datetime.today()} of TravelAPI.verify_traveler_information: 2026-03-23, the date of the
     * pinned BFCL commit (any fixed date keeps runs reproducible; only birthdays within a day of an 18th birthday
     * would notice).
     */
    public static final LocalDate DEFAULT_TODAY = LocalDate.of(2026, 3, 23);

    private final LongContextConstants constants;
    private final ZoneId timeZone;
    private final LocalDate today;
    /** {@code CREDIT_CARD_EXTENSION}, inserted by reference into TravelAPI.credit_card_list. */
    final LinkedHashMap<Object, Object> creditCardExtension;
    /** {@code BOOKING_RECORD_EXTENSION}, inserted by reference into TravelAPI.booking_record. */
    final LinkedHashMap<Object, Object> bookingRecordExtension;
    /** {@code LONG_WEATHER_EXTENSION}, mutated and returned by get_outside_temperature_from_google. */
    final LinkedHashMap<Object, Object> longWeatherExtension;
    /** The shared default {@code tags=[]} of TwitterAPI.post_tweet. */
    final ArrayList<Object> postTweetTagsDefault = new ArrayList<>();
    /** The shared default {@code mentions=[]} of TwitterAPI.post_tweet ({@code mention()} extends it). */
    final ArrayList<Object> postTweetMentionsDefault = new ArrayList<>();

    /** Module state without long-context data: loading a scenario with {@code long_context=True} fails. */
    public BfclModules() {
        this(null);
    }

    /** Module state with long-context data (mutable parts deep-copied, so one constants object can be reused). */
    public BfclModules(LongContextConstants constants) {
        this(constants, DEFAULT_TIME_ZONE, DEFAULT_TODAY);
    }

    /**
     * Module state with long-context data (may be null), the process time zone ({@code TZ}, used by TradingBot's
     * {@code datetime.timestamp()}/{@code fromtimestamp()}) and the date {@code datetime.today()} returns.
     */
    @SuppressWarnings("unchecked")
    public BfclModules(LongContextConstants constants, ZoneId timeZone, LocalDate today) {
        this.constants = constants;
        this.timeZone = Objects.requireNonNull(timeZone, "timeZone");
        this.today = Objects.requireNonNull(today, "today");
        if (constants != null) {
            creditCardExtension = (LinkedHashMap<Object, Object>) PyOps.deepCopy(
                    constants.get("CREDIT_CARD_EXTENSION"));
            bookingRecordExtension = (LinkedHashMap<Object, Object>) PyOps.deepCopy(
                    constants.get("BOOKING_RECORD_EXTENSION"));
            longWeatherExtension = (LinkedHashMap<Object, Object>) PyOps.deepCopy(
                    constants.get("LONG_WEATHER_EXTENSION"));
        } else {
            creditCardExtension = null;
            bookingRecordExtension = null;
            longWeatherExtension = null;
        }
    }

    public boolean hasLongContext() {
        return constants != null;
    }

    public LongContextConstants constants() {
        return constants;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public LocalDate today() {
        return today;
    }

    /** A read-only long-context constant; fails clearly when none were configured. */
    Object constant(String key) {
        requireLongContext();
        return constants.get(key);
    }

    void requireLongContext() {
        if (constants == null) {
            throw new IllegalStateException("BFCL long-context scenario requested but no long-context constants are "
                    + "configured: create the classes with BfclClasses.create(name, new BfclModules("
                    + "LongContextConstants.fromDataDir(<BFCL v4 data dir>)))");
        }
    }
}
