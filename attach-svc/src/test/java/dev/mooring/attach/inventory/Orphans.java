package dev.mooring.attach.inventory;

import static dev.mooring.attach.Scene.api;
import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What attach-svc reports of its orphans: {@code GET /api/v1/orphans} and the gauge. */
final class Orphans {

    private Orphans() {
    }

    /** The orphan of that kind and name ({@code all}: resolved ones too). */
    static Optional<Map<String, Object>> orphan(String kind, String name, boolean all) {
        List<Map<String, Object>> orphans = api().queryParam("all", all).get("/api/v1/orphans").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return orphans.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(o.get("name"))).findFirst();
    }

    static long gauge(String kind, String array) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("mooring_inventory_orphans\\{array=\"" + array + "\",kind=\"" + kind
                + "\",?}\\s+([0-9.]+)").matcher(metrics);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
    }

    static String hex8() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
