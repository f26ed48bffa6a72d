package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyRandom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code VehicleControlAPI} (vehicle_control.py). Config quirks: {@code engineState} → engine_state,
 * {@code parkingBrakeForce}/{@code slopeAngle}/{@code brakePedalForce} → private fields, remainingUnlockedDoors
 * recomputed from doorStatus. Speeds and temperatures come from {@code random.Random(141053)} by default.
 */
public final class VehicleControlAPI extends Backend {
    private static final long MAX_FUEL_LEVEL = 50;
    private static final double MIN_FUEL_LEVEL = 0.0;
    private static final double MILE_PER_GALLON = 20.0;

    private PyRandom random;
    private Object fuelLevel;
    private Object batteryVoltage;
    private Object engineState;
    private Object remainingUnlockedDoors;
    private Object doorStatus;
    private Object acTemperature;
    private Object fanSpeed;
    private Object acMode;
    private Object humidityLevel;
    private Object headLightStatus;
    private Object parkingBrakeStatus;
    private Object parkingBrakeForce;
    private Object slopeAngle;
    private Object brakePedalStatus;
    private Object brakePedalForce;
    private Object distanceToNextVehicle;
    private Object cruiseStatus;
    private Object destination;
    private Object frontLeftTirePressure;
    private Object frontRightTirePressure;
    private Object rearLeftTirePressure;
    private Object rearRightTirePressure;
    private boolean longContext;

    VehicleControlAPI(BfclModules modules) {
        super(modules);
        define(
                new Method("startEngine", a -> startEngine(a[0]), req("ignitionMode")),
                new Method("fillFuelTank", a -> fillFuelTank(a[0]), req("fuelAmount")),
                new Method("lockDoors", a -> lockDoors(a[0], a[1]), req("unlock"), req("door")),
                new Method("adjustClimateControl", a -> adjustClimateControl(a[0], a[1], a[2], a[3]),
                        req("temperature"), opt("unit", "celsius"), opt("fanSpeed", 50L), opt("mode", "auto")),
                new Method("get_outside_temperature_from_google", a -> outsideTemperatureGoogle()),
                new Method("get_outside_temperature_from_weather_com", a -> dict("error", 404L)),
                new Method("setHeadlights", a -> setHeadlights(a[0]), req("mode")),
                new Method("displayCarStatus", a -> displayCarStatus(a[0]), req("option")),
                new Method("activateParkingBrake", a -> activateParkingBrake(a[0]), req("mode")),
                new Method("pressBrakePedal", a -> pressBrakePedal(a[0]), req("pedalPosition")),
                new Method("releaseBrakePedal", a -> releaseBrakePedal()),
                new Method("setCruiseControl", a -> setCruiseControl(a[0], a[1], a[2]), req("speed"), req("activate"),
                        req("distanceToNextVehicle")),
                new Method("get_current_speed", a -> dict("currentSpeed", random.uniform(0.0, 120.0))),
                new Method("display_log", a -> dict("log", a[0]), req("messages")),
                new Method("estimate_drive_feasibility_by_mileage", a -> dict("canDrive",
                        !Py.lt(Py.mul(fuelLevel, MILE_PER_GALLON), a[0])), req("distance")),
                new Method("liter_to_gallon", a -> dict("gallon", Py.mul(a[0], 0.264172)), req("liter")),
                new Method("gallon_to_liter", a -> dict("liter", Py.mul(a[0], 3.78541)), req("gallon")),
                new Method("estimate_distance", a -> estimateDistance(a[0], a[1]), req("cityA"), req("cityB")),
                new Method("get_zipcode_based_on_city", a -> dict("zipcode",
                        a[0] instanceof String c ? ZIPCODES.getOrDefault(c, "00000") : "00000"), req("city")),
                new Method("set_navigation", a -> setNavigation(a[0]), req("destination")),
                new Method("check_tire_pressure", a -> checkTirePressure()),
                new Method("find_nearest_tire_shop", a -> dict("shopLocation", "456 Oakwood Avenue, Rivermist, 83214")));
    }

    @Override
    public String className() {
        return "VehicleControlAPI";
    }

    @Override
    protected void load(Map<String, Object> s, boolean lc) throws PyException {
        random = rng(get(s, "random_seed", 141053L));
        fuelLevel = get(s, "fuelLevel", 0.0);
        batteryVoltage = get(s, "batteryVoltage", 12.6);
        engineState = get(s, "engineState", "stopped");
        remainingUnlockedDoors = get(s, "remainingUnlockedDoors", 4L);
        doorStatus = get(s, "doorStatus", dict("driver", "unlocked", "passenger", "unlocked", "rear_left", "unlocked",
                "rear_right", "unlocked"));
        long locked = 0;
        for (Object door : new ArrayList<>(PyOps.asDict(doorStatus, "keys").keySet())) {
            if (Py.eq(PyOps.getItem(doorStatus, door), "locked")) locked++;
        }
        remainingUnlockedDoors = 4 - locked;
        acTemperature = get(s, "acTemperature", 25.0);
        fanSpeed = get(s, "fanSpeed", 50L);
        acMode = get(s, "acMode", "auto");
        humidityLevel = get(s, "humidityLevel", 50.0);
        headLightStatus = get(s, "headLightStatus", "off");
        parkingBrakeStatus = get(s, "parkingBrakeStatus", "released");
        parkingBrakeForce = get(s, "parkingBrakeForce", 0.0);
        slopeAngle = get(s, "slopeAngle", 0.0);
        brakePedalStatus = get(s, "brakePedalStatus", "released");
        brakePedalForce = get(s, "brakePedalForce", 0.0);
        distanceToNextVehicle = get(s, "distanceToNextVehicle", 50.0);
        cruiseStatus = get(s, "cruiseStatus", "inactive");
        destination = get(s, "destination", "None");
        frontLeftTirePressure = get(s, "frontLeftTirePressure", 32.0);
        frontRightTirePressure = get(s, "frontRightTirePressure", 32.0);
        rearLeftTirePressure = get(s, "rearLeftTirePressure", 30.0);
        rearRightTirePressure = get(s, "rearRightTirePressure", 30.0);
        longContext = lc;
        if (lc) modules.requireLongContext();
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("fuelLevel", fuelLevel);
        m.put("batteryVoltage", batteryVoltage);
        m.put("engine_state", engineState);
        m.put("remainingUnlockedDoors", remainingUnlockedDoors);
        m.put("doorStatus", doorStatus);
        m.put("acTemperature", acTemperature);
        m.put("fanSpeed", fanSpeed);
        m.put("acMode", acMode);
        m.put("humidityLevel", humidityLevel);
        m.put("headLightStatus", headLightStatus);
        m.put("parkingBrakeStatus", parkingBrakeStatus);
        m.put("brakePedalStatus", brakePedalStatus);
        m.put("distanceToNextVehicle", distanceToNextVehicle);
        m.put("cruiseStatus", cruiseStatus);
        m.put("destination", destination);
        m.put("frontLeftTirePressure", frontLeftTirePressure);
        m.put("frontRightTirePressure", frontRightTirePressure);
        m.put("rearLeftTirePressure", rearLeftTirePressure);
        m.put("rearRightTirePressure", rearRightTirePressure);
        m.put("long_context", longContext);
        return m;
    }

    Object startEngine(Object mode) throws PyException {
        if (Py.eq(mode, "STOP")) engineState = "stopped";
        if (Py.gt(remainingUnlockedDoors, 0L)) {
            List<Object> unlocked = new ArrayList<>();
            for (Map.Entry<Object, Object> e : PyOps.asDict(doorStatus, "items").entrySet()) {
                if (Py.eq(e.getValue(), "unlocked")) unlocked.add(e.getKey());
            }
            return error("All doors must be locked before starting the engine. Here are the unlocked doors: "
                    + Py.join(", ", unlocked));
        }
        if (!Py.eq(brakePedalStatus, "pressed")) return error("Brake pedal needs to be pressed when starting the engine.");
        if (!Py.eq(brakePedalForce, 1000.0)) return error("Must press the brake fully before starting the engine.");
        if (Py.lt(fuelLevel, MIN_FUEL_LEVEL)) return error("Fuel tank is empty.");
        if (Py.eq(mode, "START")) {
            engineState = "running";
        } else {
            return error("Invalid ignition mode.");
        }
        return dict("engineState", engineState, "fuelLevel", fuelLevel, "batteryVoltage", batteryVoltage);
    }

    Object fillFuelTank(Object amount) throws PyException {
        if (Py.lt(amount, 0L)) return error("Fuel amount cannot be negative.");
        if (Py.gt(Py.add(fuelLevel, amount), MAX_FUEL_LEVEL)) return error("Cannot fill gas above the tank capacity.");
        if (Py.lt(Py.add(fuelLevel, amount), MIN_FUEL_LEVEL)) {
            return error("Fuel tank is empty. Min fuel level is 0 gallons.");
        }
        fuelLevel = Py.add(fuelLevel, amount);
        return dict("fuelLevel", fuelLevel);
    }

    Object lockDoors(Object unlock, Object doors) throws PyException {
        boolean u = Py.truthy(unlock);
        String target = u ? "unlocked" : "locked";
        for (Object d : Py.iterate(doors)) {
            if (Py.eq(PyOps.getItem(doorStatus, d), target)) continue;
            PyOps.setItem(doorStatus, d, target);
            remainingUnlockedDoors = u ? Py.add(remainingUnlockedDoors, 1L) : Py.sub(remainingUnlockedDoors, 1L);
        }
        return dict("lockStatus", target, "remainingUnlockedDoors", remainingUnlockedDoors);
    }

    Object adjustClimateControl(Object temperature, Object unit, Object speed, Object mode) throws PyException {
        if (!(Py.le(0L, speed) && Py.le(speed, 100L))) return error("Fan speed must be between 0 and 100.");
        acTemperature = temperature;
        if (Py.eq(unit, "fahrenheit")) {
            acTemperature = Py.truediv(Py.mul(Py.sub(temperature, 32L), 5L), 9L);
        }
        fanSpeed = speed;
        acMode = mode;
        return dict("currentACTemperature", temperature, "climateMode", mode, "humidityLevel", humidityLevel);
    }

    Object outsideTemperatureGoogle() {
        if (longContext) {
            modules.longWeatherExtension.put("outsideTemperature", random.uniform(-10.0, 40.0));
            return modules.longWeatherExtension;
        }
        return dict("outsideTemperature", random.uniform(-10.0, 40.0));
    }

    Object setHeadlights(Object mode) throws PyException {
        if (!PyOps.contains(List.of("on", "off", "auto"), mode)) return error("Invalid headlight mode.");
        if (Py.eq(mode, "on")) {
            headLightStatus = "on";
            return dict("headlightStatus", "on");
        }
        headLightStatus = "off";
        return dict("headlightStatus", "off");
    }

    Object displayCarStatus(Object option) {
        LinkedHashMap<Object, Object> status = new LinkedHashMap<>();
        if (longContext) status.put("metadata", modules.constant("CAR_STATUS_METADATA_EXTENSION"));
        String o = option instanceof String s ? s : "\u0000";
        switch (o) {
            case "fuel" -> status.put("fuelLevel", fuelLevel);
            case "battery" -> status.put("batteryVoltage", batteryVoltage);
            case "doors" -> status.put("doorStatus", doorStatus);
            case "climate" -> {
                status.put("currentACTemperature", acTemperature);
                status.put("fanSpeed", fanSpeed);
                status.put("climateMode", acMode);
                status.put("humidityLevel", humidityLevel);
            }
            case "headlights" -> status.put("headlightStatus", headLightStatus);
            case "parkingBrake" -> {
                status.put("parkingBrakeStatus", parkingBrakeStatus);
                status.put("parkingBrakeForce", parkingBrakeForce);
                status.put("slopeAngle", slopeAngle);
            }
            case "brakePedal" -> {
                status.put("brakePedalStatus", brakePedalStatus);
                status.put("brakePedalForce", brakePedalForce);
            }
            case "engine" -> status.put("engineState", engineState);
            default -> status.put("error", "Invalid option");
        }
        return status;
    }

    Object activateParkingBrake(Object mode) throws PyException {
        if (!PyOps.contains(List.of("engage", "release"), mode)) return error("Invalid mode");
        boolean engage = Py.eq(mode, "engage");
        parkingBrakeStatus = engage ? "engaged" : "released";
        parkingBrakeForce = engage ? 500.0 : 0.0;
        slopeAngle = 10.0;
        LinkedHashMap<Object, Object> r = new LinkedHashMap<>();
        if (longContext) r.put("parkingBrakeInstruction", modules.constant("PARKING_BRAKE_INSTRUCTION"));
        r.put("parkingBrakeStatus", parkingBrakeStatus);
        r.put("_parkingBrakeForce", parkingBrakeForce);
        r.put("_slopeAngle", 10.0);
        return r;
    }

    Object pressBrakePedal(Object position) throws PyException {
        if (!(Py.le(0L, position) && Py.le(position, 1L))) return error("Pedal position must be between 0 and 1.");
        if (Py.eq(position, 0L)) {
            brakePedalStatus = "released";
            brakePedalForce = 0.0;
            return dict("brakePedalStatus", "released", "brakePedalForce", 0.0);
        }
        Object force = Py.mul(position, 1000L);
        brakePedalStatus = "pressed";
        brakePedalForce = force;
        return dict("brakePedalStatus", "pressed", "brakePedalForce", PyOps.toFloat(force));
    }

    Object releaseBrakePedal() {
        brakePedalStatus = "released";
        brakePedalForce = 0.0;
        return dict("brakePedalStatus", "released", "brakePedalForce", 0.0);
    }

    Object setCruiseControl(Object speedArg, Object activate, Object distanceArg) throws PyException {
        double distance = PyOps.toFloat(distanceArg);
        double speed = PyOps.toFloat(speedArg);
        if (Py.eq(engineState, "stopped")) return error("Start the engine before activating the cruise control.");
        if (Py.truthy(activate)) {
            distanceToNextVehicle = distance;
            if (speed < 0 || speed > 120 || !Py.eq(PyOps.mod(speed, 5L), 0L)) return error("Invalid speed");
            cruiseStatus = "active";
            return dict("cruiseStatus", "active", "currentSpeed", speed, "distanceToNextVehicle", distance);
        }
        cruiseStatus = "inactive";
        distanceToNextVehicle = distance;
        return dict("cruiseStatus", "inactive", "currentSpeed", speed, "distanceToNextVehicle", distance);
    }

    /** estimate_distance's zip-code pairs (either order) and distances. */
    private static final String[][] DISTANCES = {{"83214", "74532", "750.0"}, {"56108", "62947", "320.0"},
        {"71354", "83462", "450.0"}, {"47329", "52013", "290.0"}, {"69238", "51479", "630.0"},
        {"94016", "83214", "980.0"}, {"94016", "94704", "600.0"}, {"94704", "08540", "2550.0"},
        {"94016", "08540", "1950.0"}, {"62947", "47329", "1053.0"}, {"94016", "62947", "780.0"},
        {"74532", "94016", "880.0"}};

    Object estimateDistance(Object cityA, Object cityB) {
        LinkedHashMap<Object, Object> distance = null;
        for (String[] d : DISTANCES) {
            if ((Py.eq(cityA, d[0]) && Py.eq(cityB, d[1])) || (Py.eq(cityA, d[1]) && Py.eq(cityB, d[0]))) {
                distance = dict("distance", Double.parseDouble(d[2]));
                break;
            }
        }
        if (distance == null) distance = dict("error", "distance not found in database.");
        if (longContext) distance.put("intermediaryCities", modules.constant("INTERMEDIARY_CITIES"));
        return distance;
    }

    private static final Map<String, String> ZIPCODES = Map.ofEntries(Map.entry("Rivermist", "83214"),
            Map.entry("Stonebrook", "74532"), Map.entry("Maplecrest", "56108"), Map.entry("Silverpine", "62947"),
            Map.entry("Shadowridge", "71354"), Map.entry("Sunset Valley", "83462"), Map.entry("Oakendale", "47329"),
            Map.entry("Willowbend", "52013"), Map.entry("Crescent Hollow", "69238"), Map.entry("Autumnville", "51479"),
            Map.entry("San Francisco", "94016"));

    Object setNavigation(Object dest) throws PyException {
        destination = dest;
        return dict("status", Py.add("Navigating to ", dest));
    }

    Object checkTirePressure() throws PyException {
        Object sum = Py.add(Py.add(Py.add(frontLeftTirePressure, frontRightTirePressure), rearLeftTirePressure),
                rearRightTirePressure);
        Object avg = Py.truediv(sum, 4L);
        boolean healthy = Py.le(30L, avg) && Py.le(avg, 35L);
        LinkedHashMap<Object, Object> status = dict("frontLeftTirePressure", frontLeftTirePressure,
                "frontRightTirePressure", frontRightTirePressure, "rearLeftTirePressure", rearLeftTirePressure,
                "rearRightTirePressure", rearRightTirePressure, "healthy_tire_pressure", healthy, "car_info",
                new LinkedHashMap<>());
        if (longContext) status.put("car_info", modules.constant("CAR_STATUS_METADATA_EXTENSION"));
        return status;
    }
}
