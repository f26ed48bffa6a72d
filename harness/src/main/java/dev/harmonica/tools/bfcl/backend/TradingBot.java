package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyRandom;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code TradingBot} (trading_bot.py). Transaction timestamps are drawn between {@code CURRENT_TIME}
 * (2024-09-01 10:30, naive local time) and one day later in the time zone of {@link BfclModules#timeZone()}
 * (UTC unless configured; the fixtures were generated with TZ=UTC).
 */
public final class TradingBot extends Backend {
    static final LocalDateTime CURRENT_TIME = LocalDateTime.of(2024, 9, 1, 10, 30);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Object orders;
    private Object accountInfo;
    private Object authenticated;
    private Object marketStatus;
    private Object orderCounter;
    private Object stocks;
    private Object watchList;
    private Object transactionHistory;
    private boolean longContext;
    private PyRandom random;

    TradingBot(BfclModules modules) {
        super(modules);
        define(
                new Method("get_current_time", a -> dict("current_time", "10:30 AM")),
                new Method("get_symbol_by_name", a -> getSymbolByName(a[0]), req("name")),
                new Method("get_stock_info", a -> getStockInfo(a[0]), req("symbol")),
                new Method("get_order_details", a -> getOrderDetails(a[0]), req("order_id")),
                new Method("cancel_order", a -> cancelOrder(a[0]), req("order_id")),
                new Method("place_order", a -> placeOrder(a[0], a[1], a[2], a[3]), req("order_type"), req("symbol"),
                        req("price"), req("amount")),
                new Method("withdraw_funds", a -> withdrawFunds(a[0]), req("amount")),
                new Method("get_account_info", a -> getAccountInfo()),
                new Method("trading_login", a -> tradingLogin(), req("username"), req("password")),
                new Method("trading_get_login_status", a -> dict("status", Py.truthy(authenticated))),
                new Method("trading_logout", a -> tradingLogout()),
                new Method("fund_account", a -> fundAccount(a[0]), req("amount")),
                new Method("remove_stock_from_watchlist", a -> removeFromWatchlist(a[0]), req("symbol")),
                new Method("get_watchlist", a -> getWatchlist()),
                new Method("get_order_history", a -> getOrderHistory()),
                new Method("get_transaction_history", a -> getTransactionHistory(a[0], a[1]),
                        opt("start_date", null), opt("end_date", null)),
                new Method("get_available_stocks", a -> getAvailableStocks(a[0]), req("sector")),
                new Method("filter_stocks_by_price", a -> filterStocksByPrice(a[0], a[1], a[2]), req("stocks"),
                        req("min_price"), req("max_price")),
                new Method("add_to_watchlist", a -> addToWatchlist(a[0]), req("stock")),
                new Method("notify_price_change", a -> notifyPriceChange(a[0], a[1]), req("stocks"),
                        req("threshold")));
    }

    @Override
    public String className() {
        return "TradingBot";
    }

    private static LinkedHashMap<Object, Object> stock(double price, double change, double volume, double ma5,
            double ma20) {
        return dict("price", price, "percent_change", change, "volume", volume, "MA(5)", ma5, "MA(20)", ma20);
    }

    /** {@code DEFAULT_STATE} of trading_bot.py. */
    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("orders", dict(
                12345L, dict("id", 12345L, "order_type", "Buy", "symbol", "AAPL", "price", 210.65, "amount", 10L,
                        "status", "Completed"),
                12446L, dict("id", 12446L, "order_type", "Sell", "symbol", "GOOG", "price", 2840.56, "amount", 5L,
                        "status", "Pending")));
        d.put("account_info", dict("account_id", 12345L, "balance", 10000.0, "binding_card", 1974202140965533L));
        d.put("authenticated", false);
        d.put("market_status", "Closed");
        d.put("order_counter", 12446L);
        d.put("stocks", dict(
                "AAPL", stock(227.16, 0.17, 2.552, 227.11, 227.09),
                "GOOG", stock(2840.34, 0.24, 1.123, 2835.67, 2842.15),
                "TSLA", stock(667.92, -0.12, 1.654, 671.15, 668.20),
                "MSFT", stock(310.23, 0.09, 3.234, 309.88, 310.11),
                "NVDA", stock(220.34, 0.34, 1.234, 220.45, 220.67),
                "ALPH", stock(1320.45, -0.08, 1.567, 1321.12, 1325.78),
                "OMEG", stock(457.23, 0.12, 2.345, 456.78, 458.12),
                "QUAS", stock(725.89, -0.03, 1.789, 726.45, 728.00),
                "NEPT", stock(88.34, 0.19, 0.654, 88.21, 88.67),
                "SYNX", stock(345.67, 0.11, 2.112, 345.34, 346.12),
                "ZETA", stock(22.09, -0.05, 0.789, 22.12, 22.34)));
        d.put("watch_list", new ArrayList<>(List.of("NVDA")));
        d.put("transaction_history", new ArrayList<>());
        d.put("random_seed", 1053520L);
        return d;
    }

    @Override
    protected void load(Map<String, Object> scenario, boolean lc) throws PyException {
        Map<String, Object> d = defaults();
        Object rawOrders = get(scenario, "orders", d.get("orders"));
        LinkedHashMap<Object, Object> converted = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : PyOps.asDict(rawOrders, "items").entrySet()) {
            Object k = e.getKey();
            if (k instanceof String s && PyOps.isDigitStr(s)) k = PyOps.toInt(s);
            Object existing = PyOps.findKey(converted, k);
            converted.put(existing == PyOps.NOT_FOUND ? k : existing, e.getValue());
        }
        orders = converted;
        accountInfo = get(scenario, "account_info", d.get("account_info"));
        authenticated = get(scenario, "authenticated", d.get("authenticated"));
        marketStatus = get(scenario, "market_status", d.get("market_status"));
        orderCounter = get(scenario, "order_counter", d.get("order_counter"));
        stocks = get(scenario, "stocks", d.get("stocks"));
        watchList = get(scenario, "watch_list", d.get("watch_list"));
        transactionHistory = get(scenario, "transaction_history", d.get("transaction_history"));
        longContext = lc;
        if (lc) modules.requireLongContext();
        random = rng(get(scenario, "random_seed", d.get("random_seed")));
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("orders", orders);
        s.put("account_info", accountInfo);
        s.put("authenticated", authenticated);
        s.put("market_status", marketStatus);
        s.put("order_counter", orderCounter);
        s.put("stocks", stocks);
        s.put("watch_list", watchList);
        s.put("transaction_history", transactionHistory);
        s.put("long_context", longContext);
        return s;
    }

    /** {@code _generate_transaction_timestamp}: local-time epoch seconds drawn with randint, formatted back. */
    private String transactionTimestamp() throws PyException {
        long start = CURRENT_TIME.atZone(modules.timeZone()).toEpochSecond();
        long end = CURRENT_TIME.plusDays(1).atZone(modules.timeZone()).toEpochSecond();
        long ts = random.randint(start, end);
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(ts), modules.timeZone()).format(TIMESTAMP);
    }

    private static final Map<Object, Object> SYMBOLS = dict("Apple", "AAPL", "Google", "GOOG", "Tesla", "TSLA",
            "Microsoft", "MSFT", "Nvidia", "NVDA", "Zeta Corp", "ZETA", "Alpha Tech", "ALPH", "Omega Industries",
            "OMEG", "Quasar Ltd.", "QUAS", "Neptune Systems", "NEPT", "Synex Solutions", "SYNX", "Amazon", "AMZN",
            "Gorilla", "GORI");

    Object getSymbolByName(Object name) throws PyException {
        return dict("symbol", PyOps.dictGet(SYMBOLS, name, "Stock not found"));
    }

    Object getStockInfo(Object symbol) throws PyException {
        if (!PyOps.contains(stocks, symbol)) return error("Stock with symbol '" + Py.str(symbol) + "' not found.");
        if (longContext) {
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>(PyOps.asDict(PyOps.getItem(stocks, symbol), "copy"));
            copy.put("MA(5)", modules.constant("MA_5_EXTENSION"));
            copy.put("MA(20)", modules.constant("MA_20_EXTENSION"));
            return copy;
        }
        return PyOps.getItem(stocks, symbol);
    }

    Object getOrderDetails(Object orderId) throws PyException {
        if (!PyOps.contains(orders, orderId)) {
            return error("Order with ID " + Py.str(orderId) + " not found." + "Here is the list of orders_id: "
                    + Py.repr(new ArrayList<>(PyOps.asDict(orders, "keys").keySet())));
        }
        if (longContext) {
            LinkedHashMap<Object, Object> order = new LinkedHashMap<>(PyOps.asDict(PyOps.getItem(orders, orderId),
                    "copy"));
            Object symbol = PyOps.getItem(order, "symbol");
            LinkedHashMap<Object, Object> formatted = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> e : PyOps.asDict(modules.constant("ORDER_DETAIL_EXTENSION"), "items")
                    .entrySet()) {
                String template = PyOps.asStr(e.getValue(), "format");
                try {
                    formatted.put(e.getKey(), formatSymbol(template, symbol));
                } catch (PyException ke) {
                    if (ke.pyType().equals("KeyError")) return error("KeyError during formatting: " + ke.pyStr());
                    throw ke;
                }
            }
            order.put("metadata", formatted);
            return order;
        }
        return PyOps.getItem(orders, orderId);
    }

    /** {@code template.format(symbol=symbol)} for simple named fields. */
    static String formatSymbol(String template, Object symbol) throws PyException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                    sb.append('{');
                    i++;
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) throw PyException.valueError("expected '}' before end of string");
                String field = template.substring(i + 1, close);
                if (!field.equals("symbol")) throw new PyException("KeyError", Py.repr(field));
                sb.append(Py.str(symbol));
                i = close;
            } else if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') i++;
                else throw PyException.valueError("Single '}' encountered in format string");
                sb.append('}');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    Object cancelOrder(Object orderId) throws PyException {
        if (!PyOps.contains(orders, orderId)) return error("Order with ID " + Py.str(orderId) + " not found.");
        Object order = PyOps.getItem(orders, orderId);
        if (Py.eq(PyOps.getItem(order, "status"), "Completed")) {
            return error("Can't cancel order " + Py.str(orderId) + ". Order is already completed.");
        }
        PyOps.setItem(order, "status", "Cancelled");
        return dict("order_id", orderId, "status", "Cancelled");
    }

    Object placeOrder(Object orderType, Object symbol, Object price, Object amount) throws PyException {
        if (!Py.truthy(authenticated)) return error("User not authenticated. Please log in to place an order.");
        if (!PyOps.contains(stocks, symbol)) return error("Invalid stock symbol: " + Py.str(symbol));
        if (Py.le(price, 0L) || Py.le(amount, 0L)) return error("Price and amount must be positive values.");
        if (PyOps.lower(orderType).equals("buy")) {
            Object totalCost = Py.mul(PyOps.toFloat(price), PyOps.toInt(amount));
            Object balance = PyOps.dictGet(accountInfo, "balance", 0L);
            if (Py.gt(totalCost, balance)) {
                return error("Insufficient funds: required $" + GorillaFileSystem.format2f(PyOps.dbl(totalCost))
                        + " but only $" + format2f(balance) + " available.");
            }
        }
        double p = PyOps.toFloat(price);
        Object orderId = orderCounter;
        PyOps.setItem(orders, orderId, dict("id", orderId, "order_type", orderType, "symbol", symbol, "price", p,
                "amount", amount, "status", "Open"));
        orderCounter = Py.add(orderCounter, 1L);
        return dict("order_id", orderId, "order_type", orderType, "status", "Pending", "price", p, "amount", amount);
    }

    /** {@code f"{x:.2f}"} for an int or float; other types raise like Python's format(). */
    private static String format2f(Object x) throws PyException {
        if (!Py.isNumber(x)) {
            throw PyException.valueError("Unknown format code 'f' for object of type '" + Py.typeName(x) + "'");
        }
        return GorillaFileSystem.format2f(PyOps.dbl(x));
    }

    Object withdrawFunds(Object amount) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please log in to make a transaction.");
        }
        if (!Py.eq(marketStatus, "Open")) return error("Market is closed. Transactions are not allowed.");
        if (Py.le(amount, 0L)) return error("Transaction amount must be positive.");
        if (Py.gt(amount, PyOps.getItem(accountInfo, "balance"))) return error("Insufficient funds for withdrawal.");
        PyOps.setItem(accountInfo, "balance", Py.sub(PyOps.getItem(accountInfo, "balance"), amount));
        LinkedHashMap<Object, Object> tx = dict("type", "withdrawal", "amount", amount);
        tx.put("timestamp", transactionTimestamp());
        append(transactionHistory, tx);
        return dict("status", "Withdrawal successful", "new_balance", PyOps.getItem(accountInfo, "balance"));
    }

    Object getAccountInfo() {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please log in to view account information.");
        }
        return accountInfo;
    }

    Object tradingLogin() {
        if (Py.truthy(authenticated)) return dict("status", "Already logged in");
        authenticated = true;
        return dict("status", "Logged in successfully");
    }

    Object tradingLogout() {
        if (!Py.truthy(authenticated)) return dict("status", "No user is currently logged in");
        authenticated = false;
        return dict("status", "Logged out successfully");
    }

    Object fundAccount(Object amount) throws PyException {
        if (!Py.truthy(authenticated)) return error("User not authenticated. Please log in to fund the account.");
        if (Py.le(amount, 0L)) return error("Funding amount must be positive.");
        PyOps.setItem(accountInfo, "balance", Py.add(PyOps.getItem(accountInfo, "balance"), amount));
        LinkedHashMap<Object, Object> tx = dict("type", "deposit", "amount", amount);
        tx.put("timestamp", transactionTimestamp());
        append(transactionHistory, tx);
        return dict("status", "Account funded successfully", "new_balance", PyOps.getItem(accountInfo, "balance"));
    }

    Object removeFromWatchlist(Object symbol) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please log in to modify the watchlist.");
        }
        if (!PyOps.contains(watchList, symbol)) return error("Stock " + Py.str(symbol) + " not found in watchlist.");
        PyOps.listRemove(PyOps.asList(watchList, "remove"), symbol);
        return dict("status", "Stock " + Py.str(symbol) + " removed from watchlist successfully.");
    }

    Object getWatchlist() throws PyException {
        if (!Py.truthy(authenticated)) {
            return new ArrayList<>(List.of("Error: User not authenticated. Please log in to view the watchlist."));
        }
        if (longContext) {
            List<Object> copy = new ArrayList<>(PyOps.asList(watchList, "copy"));
            copy.addAll(Py.iterate(modules.constant("WATCH_LIST_EXTENSION")));
            return copy;
        }
        return dict("watchlist", watchList);
    }

    Object getOrderHistory() throws PyException {
        if (!Py.truthy(authenticated)) {
            return new ArrayList<>(List.of(error("User not authenticated. Please log in to view order history.")));
        }
        return dict("history", new ArrayList<>(PyOps.asDict(orders, "keys").keySet()));
    }

    Object getTransactionHistory(Object startDate, Object endDate) throws PyException {
        if (!Py.truthy(authenticated)) {
            return new ArrayList<>(List.of(error(
                    "User not authenticated. Please log in to view transaction history.")));
        }
        LocalDateTime start = Py.truthy(startDate) ? PyDates.strptime(startDate, PyDates.DATE) : null;
        LocalDateTime end = Py.truthy(endDate) ? PyDates.strptime(endDate, PyDates.DATE) : null;
        List<Object> filtered = new ArrayList<>();
        for (Object tx : Py.iterate(transactionHistory)) {
            LocalDateTime t = PyDates.strptime(PyOps.getItem(tx, "timestamp"), PyDates.DATE_TIME);
            if ((start == null || !start.isAfter(t)) && (end == null || !t.isAfter(end))) filtered.add(tx);
        }
        if (longContext) filtered.addAll(Py.iterate(modules.constant("TRANSACTION_HISTORY_EXTENSION")));
        return dict("transaction_history", filtered);
    }

    Object getAvailableStocks(Object sector) throws PyException {
        LinkedHashMap<Object, Object> sectors = dict(
                "Technology", new ArrayList<Object>(List.of("AAPL", "GOOG", "MSFT", "NVDA")),
                "Automobile", new ArrayList<Object>(List.of("TSLA", "F", "GM")));
        if (longContext) {
            PyOps.listExtend(sectors.get("Technology"), modules.constant("TECHNOLOGY_EXTENSION"));
            PyOps.listExtend(sectors.get("Automobile"), modules.constant("AUTOMOBILE_EXTENSION"));
        }
        return dict("stock_list", PyOps.dictGet(sectors, sector, new ArrayList<>()));
    }

    Object filterStocksByPrice(Object stockList, Object minPrice, Object maxPrice) throws PyException {
        List<Object> out = new ArrayList<>();
        for (Object symbol : Py.iterate(stockList)) {
            Object p1 = PyOps.dictGet(PyOps.dictGet(stocks, symbol, new LinkedHashMap<>()), "price", 0L);
            if (!Py.ge(p1, minPrice)) continue;
            Object p2 = PyOps.dictGet(PyOps.dictGet(stocks, symbol, new LinkedHashMap<>()), "price", 0L);
            if (Py.le(p2, maxPrice)) out.add(symbol);
        }
        return dict("filtered_stocks", out);
    }

    Object addToWatchlist(Object stock) throws PyException {
        if (!PyOps.contains(watchList, stock)) {
            if (PyOps.contains(stocks, stock)) append(watchList, stock);
        }
        return dict("watchlist", watchList);
    }

    Object notifyPriceChange(Object stockList, Object threshold) throws PyException {
        List<Object> changed = new ArrayList<>();
        for (Object symbol : Py.iterate(stockList)) {
            if (PyOps.contains(stocks, symbol)
                    && Py.ge(Py.abs(PyOps.getItem(PyOps.getItem(stocks, symbol), "percent_change")), threshold)) {
                changed.add(symbol);
            }
        }
        if (!changed.isEmpty()) {
            return dict("notification", "Stocks " + Py.join(", ", changed)
                    + " have significant price changes.");
        }
        return dict("notification", "No significant price changes in the selected stocks.");
    }
}
