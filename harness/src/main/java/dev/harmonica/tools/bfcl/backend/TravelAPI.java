package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyRandom;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code TravelAPI} (travel_booking.py). Ids come from {@code random.Random(141053)} by default. In long
 * context the module-level credit cards and bookings of {@link BfclModules} are inserted by reference (shared by
 * every instance created with the same modules, ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py). {@code datetime.today()} is
 * {@link BfclModules#today()}.
 */
public final class TravelAPI extends Backend {
    /** {@code base_costs} of get_flight_cost: "FROM TO cost", in the Python dict's order (153 routes). */
    private static final String[] ROUTES = {
            "SFO LAX 200", "SFO JFK 500", "SFO ORD 400", "SFO BOS 450", "SFO RMS 300", "SFO SBK 350",
            "SFO MPC 370", "SFO SVP 320", "SFO SHD 330", "SFO SSV 340", "SFO OKD 360", "SFO WLB 310",
            "SFO CRH 380", "SFO ATV 390", "SFO PHV 420", "SFO GFD 430", "SFO CIA 700", "LAX SFO 100",
            "LAX JFK 600", "LAX ORD 500", "LAX BOS 550", "LAX RMS 310", "LAX SBK 320", "LAX MPC 330",
            "LAX SVP 340", "LAX SHD 350", "LAX SSV 360", "LAX OKD 370", "LAX WLB 380", "LAX CRH 390",
            "LAX ATV 400", "LAX PHV 410", "LAX GFD 420", "LAX HND 430", "JFK ORD 300", "JFK BOS 250",
            "JFK RMS 450", "JFK SBK 460", "JFK MPC 470", "JFK SVP 480", "JFK SHD 490", "JFK SSV 500",
            "JFK OKD 510", "JFK WLB 520", "JFK CRH 530", "JFK ATV 540", "JFK PHV 550", "JFK GFD 560",
            "JFK LAX 570", "JFK HND 800", "JFK PVG 950", "JFK PEK 1000", "ORD LAX 180", "ORD BOS 200",
            "ORD RMS 350", "ORD SBK 360", "ORD MPC 370", "ORD SVP 380", "ORD SHD 390", "ORD SSV 400",
            "ORD OKD 410", "ORD WLB 420", "ORD CRH 430", "ORD ATV 440", "ORD PHV 450", "ORD GFD 460",
            "BOS RMS 400", "BOS SBK 410", "BOS MPC 420", "BOS SVP 430", "BOS SHD 440", "BOS SSV 450",
            "BOS OKD 460", "BOS WLB 470", "BOS CRH 480", "BOS ATV 490", "BOS PHV 500", "BOS GFD 510",
            "RMS BOS 200", "RMS JFK 210", "RMS SBK 220", "RMS MPC 230", "RMS SVP 240", "RMS SHD 250",
            "RMS SSV 260", "RMS OKD 270", "RMS WLB 280", "RMS CRH 290", "RMS ATV 300", "RMS PHV 310",
            "RMS GFD 320", "RMS LAX 330", "SBK MPC 200", "SBK SVP 210", "SBK SHD 220", "SBK SSV 230",
            "SBK OKD 240", "SBK WLB 250", "SBK CRH 260", "SBK ATV 270", "SBK PHV 280", "SBK GFD 290",
            "MPC SVP 210", "MPC SHD 220", "MPC SSV 230", "MPC OKD 240", "MPC WLB 250", "MPC CRH 260",
            "MPC ATV 270", "MPC PHV 280", "MPC GFD 290", "SVP SHD 230", "SVP SSV 240", "SVP OKD 250",
            "SVP WLB 260", "SVP CRH 270", "SVP ATV 280", "SVP PHV 290", "SVP GFD 300", "SHD SSV 220",
            "SHD OKD 230", "SHD WLB 240", "SHD CRH 250", "SHD ATV 260", "SHD PHV 270", "SHD GFD 280",
            "SSV OKD 240", "SSV WLB 250", "SSV CRH 260", "SSV ATV 270", "SSV PHV 280", "SSV GFD 290",
            "OKD WLB 230", "OKD CRH 240", "OKD ATV 250", "OKD PHV 260", "OKD GFD 270", "WLB CRH 250",
            "WLB ATV 260", "WLB PHV 270", "WLB GFD 280", "CRH ATV 240", "CRH PHV 250", "CRH GFD 260",
            "CRH SFO 270", "CRH RMS 280", "CRH HKG 290", "CRH JFK 300", "ATV PHV 230", "ATV GFD 240",
            "PHV GFD 220", "LHR CDG 100", "OKD LAX 220",    };
    private static final LinkedHashMap<Object, Object> BASE_COSTS = new LinkedHashMap<>();

    static {
        for (String r : ROUTES) {
            String[] p = r.split(" ");
            BASE_COSTS.put(new PyTuple(List.of(p[0], p[1])), Long.parseLong(p[2]));
        }
    }

    private static final List<String> AIRPORTS = List.of("RMS", "SBK", "MPC", "SVP", "SHD", "CDG", "LHR", "SSV",
            "OKD", "WLB", "PEK", "HND", "HKG", "CIA", "CRH", "ATV", "PHV", "GFD", "SFO", "LAX", "JFK", "ORD", "BOS");

    /** repr of the set literal {"economy", "business", "first"} as CPython prints it under PYTHONHASHSEED=0. */
    private static final String VALID_CLASSES_REPR = "{'first', 'business', 'economy'}";

    private PyRandom random;
    private Object creditCardList;
    private Object bookingRecord;
    private Object accessToken;
    private Object tokenType;
    private Object tokenExpiresIn;
    private Object tokenScope;
    private Object userFirstName;
    private Object userLastName;
    private Object budgetLimit;
    private boolean longContext;
    private Map<Object, Object> flightCostLookup = new LinkedHashMap<>();

    TravelAPI(BfclModules modules) {
        super(modules);
        define(
                new Method("authenticate_travel", a -> authenticate(a[3], a[4], a[5]), req("client_id"),
                        req("client_secret"), req("refresh_token"), req("grant_type"), req("user_first_name"),
                        req("user_last_name")),
                new Method("travel_get_login_status", a -> dict("status",
                        !(tokenExpiresIn == null || Py.eq(tokenExpiresIn, 0L)))),
                new Method("get_budget_fiscal_year", a -> dict("budget_fiscal_year", "2018"),
                        opt("lastModifiedAfter", null), opt("includeRemoved", null)),
                new Method("register_credit_card", a -> registerCreditCard(a[0], a[1], a[2], a[3], a[4]),
                        req("access_token"), req("card_number"), req("expiration_date"), req("cardholder_name"),
                        req("card_verification_number")),
                new Method("get_flight_cost", a -> getFlightCost(a[0], a[1], a[2], a[3]), req("travel_from"),
                        req("travel_to"), req("travel_date"), req("travel_class")),
                new Method("get_credit_card_balance", a -> getCreditCardBalance(a[0], a[1]), req("access_token"),
                        req("card_id")),
                new Method("book_flight", a -> bookFlight(a[0], a[1], a[2], a[3], a[4], a[5]), req("access_token"),
                        req("card_id"), req("travel_date"), req("travel_from"), req("travel_to"), req("travel_class")),
                new Method("retrieve_invoice", a -> retrieveInvoice(a[0], a[1]), req("access_token"),
                        opt("booking_id", null), opt("insurance_id", null)),
                new Method("get_booking_history", a -> getBookingHistory(a[0]), req("access_token")),
                new Method("list_all_airports", a -> new ArrayList<Object>(AIRPORTS)),
                new Method("cancel_booking", a -> cancelBooking(a[0], a[1]), req("access_token"), req("booking_id")),
                new Method("compute_exchange_rate", a -> computeExchangeRate(a[0], a[1], a[2]), req("base_currency"),
                        req("target_currency"), req("value")),
                new Method("verify_traveler_information", a -> verifyTraveler(a[0], a[1], a[2], a[3]),
                        req("first_name"), req("last_name"), req("date_of_birth"), req("passport_number")),
                new Method("set_budget_limit", a -> setBudgetLimit(a[0], a[1]), req("access_token"),
                        req("budget_limit")),
                new Method("get_nearest_airport_by_city", a -> dict("nearest_airport",
                        PyOps.dictGet(CITY_AIRPORTS, a[0], "Unknown")), req("location")),
                new Method("purchase_insurance", a -> purchaseInsurance(a[0], a[1], a[2], a[3], a[4]),
                        req("access_token"), req("insurance_type"), req("booking_id"), req("insurance_cost"),
                        req("card_id")),
                new Method("contact_customer_support", a -> contactCustomerSupport(a[0]), req("booking_id"),
                        req("message")),
                new Method("get_all_credit_cards", a -> dict("credit_card_list", creditCardList)));
    }

    @Override
    public String className() {
        return "TravelAPI";
    }

    @Override
    protected void load(Map<String, Object> scenario, boolean lc) throws PyException {
        random = rng(get(scenario, "random_seed", 141053L));
        creditCardList = get(scenario, "credit_card_list", new LinkedHashMap<>());
        bookingRecord = get(scenario, "booking_record", new LinkedHashMap<>());
        accessToken = get(scenario, "access_token", null);
        tokenType = get(scenario, "token_type", null);
        tokenExpiresIn = get(scenario, "token_expires_in", null);
        tokenScope = get(scenario, "token_scope", null);
        userFirstName = get(scenario, "user_first_name", null);
        userLastName = get(scenario, "user_last_name", null);
        budgetLimit = get(scenario, "budget_limit", null);
        longContext = lc;
        if (lc) {
            modules.requireLongContext();
            for (Map.Entry<Object, Object> e : modules.creditCardExtension.entrySet()) {
                if (!PyOps.contains(creditCardList, e.getKey())) PyOps.setItem(creditCardList, e.getKey(), e.getValue());
            }
            for (Map.Entry<Object, Object> e : modules.bookingRecordExtension.entrySet()) {
                if (!PyOps.contains(bookingRecord, e.getKey())) PyOps.setItem(bookingRecord, e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("credit_card_list", creditCardList);
        s.put("booking_record", bookingRecord);
        s.put("access_token", accessToken);
        s.put("token_type", tokenType);
        s.put("token_expires_in", tokenExpiresIn);
        s.put("token_scope", tokenScope);
        s.put("user_first_name", userFirstName);
        s.put("user_last_name", userLastName);
        s.put("budget_limit", budgetLimit);
        s.put("long_context", longContext);
        return s;
    }

    private boolean tokenExpired() {
        return Py.eq(tokenExpiresIn, 0L);
    }

    private boolean badToken(Object token) {
        return !Py.eq(token, accessToken);
    }

    Object authenticate(Object grantType, Object firstName, Object lastName) throws PyException {
        tokenExpiresIn = 2L;
        accessToken = Long.toString(random.randint(100000, 999999));
        tokenType = "Bearer";
        tokenScope = grantType;
        userFirstName = firstName;
        userLastName = lastName;
        return dict("expires_in", 2L, "access_token", accessToken, "token_type", "Bearer", "scope", grantType);
    }

    Object registerCreditCard(Object token, Object cardNumber, Object expirationDate, Object cardholderName,
            Object cvv) throws PyException {
        if (tokenExpiresIn == null) return error("Token not initialized");
        if (tokenExpired()) return error("Token expired");
        if (badToken(token)) return error("Invalid access token");
        if (PyOps.contains(creditCardList, cardNumber)) return error("Card already registered");
        String cardId = Long.toString(random.randint(100000000000L, 999999999999L));
        LinkedHashMap<Object, Object> card = dict("card_number", cardNumber, "expiration_date", expirationDate,
                "cardholder_name", cardholderName, "card_verification_number", cvv);
        card.put("balance", random.randint(10000, 99999));
        PyOps.setItem(creditCardList, cardId, card);
        return dict("card_id", cardId);
    }

    Object getFlightCost(Object from, Object to, Object travelDate, Object travelClass) throws PyException {
        PyTuple pair = new PyTuple(Arrays.asList(from, to));
        if (!PyOps.contains(BASE_COSTS, pair)) throw PyException.valueError("No available route for the given airports.");
        Object baseCost = PyOps.getItem(BASE_COSTS, pair);
        long factor;
        if (Py.eq(travelClass, "economy")) factor = 1;
        else if (Py.eq(travelClass, "business")) factor = 2;
        else if (Py.eq(travelClass, "first")) factor = 5;
        else throw PyException.valueError("Invalid travel class. Options are: economy, business, first.");
        Object digitSum = 0L;
        for (Object ch : Py.iterate(travelDate)) {
            if (PyOps.isDigitStr(PyOps.asStr(ch, "isdigit"))) digitSum = Py.add(digitSum, PyOps.toInt(ch));
        }
        long multiplier = Py.eq(PyOps.mod(digitSum, 2L), 0L) ? 2 : 1;
        List<Object> costs = new ArrayList<>();
        String suffix = "|" + Py.str(travelClass) + "|" + Py.str(travelDate);
        if (longContext) {
            flightCostLookup = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> e : BASE_COSTS.entrySet()) {
                PyTuple route = (PyTuple) e.getKey();
                double cost = PyOps.toFloat(Py.mul(Py.mul(e.getValue(), factor), multiplier));
                flightCostLookup.put(route.items().get(0) + "|" + route.items().get(1) + suffix, dict("cost", cost));
                costs.add(cost);
            }
        } else {
            double cost = PyOps.toFloat(Py.mul(Py.mul(baseCost, factor), multiplier));
            costs.add(cost);
            flightCostLookup = new LinkedHashMap<>();
            flightCostLookup.put(Py.str(from) + "|" + Py.str(to) + suffix, dict("cost", cost));
        }
        return dict("travel_cost_list", costs);
    }

    Object getCreditCardBalance(Object token, Object cardId) throws PyException {
        if (tokenExpired()) return error("Token expired");
        if (badToken(token)) return error("Invalid access token");
        if (!PyOps.contains(creditCardList, cardId)) {
            return error("Card not registered. Here are a list of card_id's: "
                    + Py.repr(new ArrayList<>(PyOps.asDict(creditCardList, "keys").keySet())));
        }
        return dict("card_balance", PyOps.getItem(PyOps.getItem(creditCardList, cardId), "balance"));
    }

    private static Map<Object, Object> bookingError(String message) {
        return dict("booking_status", false, "error", message);
    }

    Object bookFlight(Object token, Object cardId, Object travelDate, Object from, Object to, Object travelClass)
            throws PyException {
        if (tokenExpired()) return bookingError("Token expired");
        if (badToken(token)) return bookingError("Invalid access token");
        if (!PyOps.contains(creditCardList, cardId)) return bookingError("Card not registered");
        if (!PyOps.contains(PyOps.getItem(creditCardList, cardId), "balance")) return bookingError("Balance not found");
        List<Object> airports = new ArrayList<>(AIRPORTS);
        if (!PyOps.contains(airports, from)) return bookingError("Invalid departure airport code: " + Py.str(from));
        if (!PyOps.contains(airports, to)) return bookingError("Invalid destination airport code: " + Py.str(to));
        try {
            PyDates.strptime(travelDate, PyDates.DATE);
        } catch (PyException e) {
            if (e.pyType().equals("ValueError")) return bookingError("Invalid date format. Use YYYY-MM-DD.");
            throw e;
        }
        PyOps.requireHashable(travelClass);
        if (!(travelClass instanceof String c && (c.equals("economy") || c.equals("business") || c.equals("first")))) {
            return bookingError("Invalid travel class. Must be one of " + VALID_CLASSES_REPR);
        }
        Object travelCost;
        try {
            getFlightCost(from, to, travelDate, travelClass);
            String key = Py.str(from) + "|" + Py.str(to) + "|" + Py.str(travelClass) + "|"
                    + Py.str(travelDate);
            Object entry = flightCostLookup.get(key);
            if (entry == null) return bookingError("No available route for the given parameters");
            travelCost = PyOps.getItem(entry, "cost");
        } catch (PyException e) {
            if (e.pyType().equals("ValueError")) return bookingError(e.pyStr());
            throw e;
        }
        Object card = PyOps.getItem(creditCardList, cardId);
        if (Py.lt(PyOps.getItem(card, "balance"), travelCost)) return bookingError("Insufficient funds");
        if (budgetLimit != null && Py.lt(PyOps.getItem(card, "balance"), budgetLimit)) {
            return bookingError("Balance is less than budget limit");
        }
        PyOps.setItem(card, "balance", Py.sub(PyOps.getItem(card, "balance"), travelCost));
        String bookingId = Long.toString(random.randint(1000000, 9999999));
        String transactionId = Long.toString(random.randint(10000000, 99999999));
        PyOps.setItem(bookingRecord, bookingId, dict("card_id", cardId, "travel_date", travelDate, "travel_from", from,
                "travel_to", to, "travel_class", travelClass, "travel_cost", travelCost, "transaction_id",
                transactionId));
        return dict("booking_id", bookingId, "transaction_id", transactionId, "booking_status", true,
                "booking_history", longContext ? bookingRecord : new LinkedHashMap<>());
    }

    Object retrieveInvoice(Object token, Object bookingId) throws PyException {
        if (tokenExpired()) return error("Token expired");
        if (badToken(token)) return error("Invalid access token");
        if (!PyOps.contains(bookingRecord, bookingId)) return error("Booking not found");
        Object b = PyOps.getItem(bookingRecord, bookingId);
        LinkedHashMap<Object, Object> invoice = dict("booking_id", bookingId);
        for (String k : List.of("travel_date", "travel_from", "travel_to", "travel_class", "travel_cost",
                "transaction_id")) {
            invoice.put(k, PyOps.getItem(b, k));
        }
        return dict("invoice", invoice);
    }

    Object getBookingHistory(Object token) {
        if (tokenExpired()) return error("Token expired");
        if (badToken(token)) return error("Invalid access token");
        return dict("booking_history", PyOps.deepCopy(bookingRecord));
    }

    Object cancelBooking(Object token, Object bookingId) throws PyException {
        if (tokenExpired()) return dict("cancel_status", false, "error", "Token expired");
        if (badToken(token)) return dict("cancel_status", false, "error", "Invalid access token");
        if (!PyOps.contains(bookingRecord, bookingId)) return dict("cancel_status", false, "error", "Booking not found");
        Object b = PyOps.getItem(bookingRecord, bookingId);
        Object cardId = PyOps.getItem(b, "card_id");
        Object cost = PyOps.getItem(b, "travel_cost");
        Object card = PyOps.getItem(creditCardList, cardId);
        PyOps.setItem(card, "balance", Py.add(PyOps.getItem(card, "balance"), cost));
        PyOps.delItem(bookingRecord, bookingId);
        return dict("cancel_status", true);
    }

    private static final String[][] RATES = {{"USD", "RMB"}, {"USD", "EUR"}, {"USD", "JPY"}, {"USD", "GBP"},
        {"USD", "CAD"}, {"USD", "AUD"}, {"USD", "INR"}, {"USD", "RUB"}, {"USD", "BRL"}, {"USD", "MXN"}};
    private static final Object[] RATE_VALUES = {7L, 0.8, 110L, 0.7, 1.3, 1.4, 70L, 60L, 3.8, 20L};

    Object computeExchangeRate(Object base, Object target, Object value) throws PyException {
        for (int i = 0; i < RATES.length; i++) {
            if (Py.eq(base, RATES[i][0]) && Py.eq(target, RATES[i][1])) {
                return dict("exchanged_value", PyOps.toFloat(Py.mul(value, RATE_VALUES[i])));
            } else if (Py.eq(base, RATES[i][1]) && Py.eq(target, RATES[i][0])) {
                return dict("exchanged_value", PyOps.round(Py.truediv(value, RATE_VALUES[i]), 2L));
            }
        }
        throw PyException.valueError("No available exchange rate for the given currencies.");
    }

    Object verifyTraveler(Object firstName, Object lastName, Object dateOfBirth, Object passport) throws PyException {
        if (!Py.eq(userFirstName, firstName) || !Py.eq(userLastName, lastName)) {
            return dict("verification_status", false, "verification_failure",
                    "Cannot book flight information for another user." + "Expected " + Py.str(userFirstName) + " "
                            + Py.str(userLastName) + ", got " + Py.str(firstName) + " " + Py.str(lastName));
        }
        long age;
        try {
            LocalDateTime birth = PyDates.strptime(dateOfBirth, PyDates.DATE);
            LocalDate today = modules.today();
            boolean beforeBirthday = today.getMonthValue() < birth.getMonthValue()
                    || (today.getMonthValue() == birth.getMonthValue() && today.getDayOfMonth() < birth.getDayOfMonth());
            age = today.getYear() - birth.getYear() - (beforeBirthday ? 1 : 0);
        } catch (PyException e) {
            if (e.pyType().equals("ValueError")) {
                return dict("verification_status", false, "verification_failure",
                        "Invalid date of birth format. Please use YYYY-MM-DD.");
            }
            throw e;
        }
        if (age < 18) {
            return dict("verification_status", false, "verification_failure", "Traveler must be at least 18 years old.");
        }
        if (!PyOps.asStr(passport, "startswith").startsWith("US")) {
            return dict("verification_status", false, "verification_failure",
                    "Passport must be issued by the United States.");
        }
        return dict("verification_status", true);
    }

    Object setBudgetLimit(Object token, Object limit) throws PyException {
        if (tokenExpired()) return error("Token expired");
        if (badToken(token)) return error("Invalid access token");
        double l = PyOps.toFloat(limit);
        budgetLimit = l;
        return dict("budget_limit", l);
    }

    private static final Map<Object, Object> CITY_AIRPORTS = dict("Rivermist", "RMS", "Stonebrook", "SBK",
            "Maplecrest", "MPC", "Silverpine", "SVP", "Shadowridge", "SHD", "London", "LHR", "Paris", "CDG",
            "Sunset Valley", "SSV", "Oakendale", "OKD", "Willowbend", "WLB", "Crescent Hollow", "CRH", "Autumnville",
            "ATV", "Pinehaven", "PHV", "Greenfield", "GFD", "San Francisco", "SFO", "Los Angeles", "LAX", "New York",
            "JFK", "Chicago", "ORD", "Boston", "BOS", "Beijing", "PEK", "Hong Kong", "HKG", "Rome", "CIA", "Tokyo",
            "HND");

    Object purchaseInsurance(Object token, Object insuranceType, Object bookingId, Object cost, Object cardId)
            throws PyException {
        if (tokenExpired()) return dict("insurance_status", false, "error", "Token expired");
        if (badToken(token)) return dict("insurance_status", false, "error", "Invalid access token");
        if (budgetLimit != null && Py.lt(budgetLimit, cost)) {
            return dict("insurance_status", false, "error", "Exceeded budget limit");
        }
        if (!PyOps.contains(bookingRecord, bookingId)) return dict("insurance_status", false, "error", "Booking not found");
        if (!PyOps.contains(creditCardList, cardId)) {
            return dict("insurance_status", false, "error", "Credit card not registered");
        }
        Object card = PyOps.getItem(creditCardList, cardId);
        PyOps.setItem(card, "balance", Py.sub(PyOps.getItem(card, "balance"), cost));
        return dict("insurance_id", Long.toString(random.randint(100000000, 999999999)), "insurance_status", true);
    }

    Object contactCustomerSupport(Object bookingId) throws PyException {
        if (!PyOps.contains(bookingRecord, bookingId)) return error("Booking not found");
        return dict("customer_support_message", "Thank you for contacting customer support. Your message has been "
                + "received and we will get back to you shortly.");
    }
}
