// /station: build routes (with the early/late block warnings), remove OTP stops before the block
// starts, scan returns. The station is the signed-in subject; the API refuses any other.
import { api, busy, el, idPattern, problemText, requireRole, say, today, validationDetail } from "/pages/app.js";

const main = document.getElementById("main");
const routeForm = document.getElementById("route-form");
const routeResult = document.getElementById("route-result");
const routes = document.getElementById("routes");
const returnForm = document.getElementById("return-form");
const returnResult = document.getElementById("return-result");

const stationId = requireRole("station", main);

function routePath(routeId, rest = "") {
  return `/v1/stations/${encodeURIComponent(stationId)}/routes/${encodeURIComponent(routeId)}${rest}`;
}

function renderRoute(route) {
  const card = el("section", { class: "card", "data-testid": "route", "data-route-id": route.routeId, "aria-label": `Route ${route.routeId}` },
    el("h2", { tabindex: "-1" }, `Route ${route.routeId} · ${route.date} ${route.blockStart}–${route.blockEnd}`),
    el("p", { class: "hint" }, `Driver ${route.driverId}. OTP stops with a warning can be removed until the block starts, at no cost to the driver.`));
  const result = el("p", { class: "result", role: "status", "aria-live": "polite", "data-testid": "remove-result" });
  const stops = el("ol", { class: "stops" }, route.stops.map((stop) => {
    const item = el("li", { class: `stop${stop.otpRequired ? " otp-stop" : ""}`, "data-testid": "route-stop", "data-tracking-id": stop.trackingId },
      el("div", {}, el("span", { class: "id" }, stop.trackingId),
        stop.otpRequired ? el("span", { class: "badge otp" }, "OTP") : el("span", { class: "badge" }, "No code")));
    if (stop.warnings?.length) item.append(el("ul", { class: "warnings", "aria-label": "Warnings", "data-testid": "warnings" }, stop.warnings.map((w) => el("li", {}, w))));
    const remove = el("button", { type: "button", class: "secondary", "data-testid": "remove-stop" }, `Remove ${stop.trackingId} from the route`);
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      const answer = await api("DELETE", routePath(route.routeId, `/stops/${encodeURIComponent(stop.trackingId)}`));
      if (answer.status === 204) {
        item.replaceChildren(el("div", {}, el("span", { class: "id" }, stop.trackingId), " removed from the route"));
        item.classList.add("done");
        item.dataset.removed = "true";
        say(result, `${stop.trackingId} is off the route; it does not count against the driver.`, "ok");
        card.querySelector("h2").focus();
      } else {
        remove.disabled = false;
        say(result, answer.code === "route-started" ? "The route's block has started: stops can no longer be removed. The driver marks it undeliverable instead." : problemText(answer), "error");
      }
    });
    item.append(remove);
    return item;
  }));
  card.append(stops, result);
  const existing = routes.querySelector(`[data-route-id="${CSS.escape(route.routeId)}"]`);
  if (existing) existing.replaceWith(card); else routes.prepend(card);
}

routeForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = routeForm.elements;
  const trackingIds = f.trackingIds.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  const bad = [f.routeId.value, f.driverId.value, ...trackingIds].find((id) => !idPattern.test(id));
  if (bad !== undefined || trackingIds.length === 0) {
    say(routeResult, trackingIds.length === 0 ? "Add at least one tracking number." : `"${bad}" is not a valid id.`, "error");
    return;
  }
  await busy(routeForm, async () => {
    const body = { driverId: f.driverId.value, date: f.date.value, blockStart: f.blockStart.value, blockEnd: f.blockEnd.value, trackingIds };
    const answer = await api("PUT", routePath(f.routeId.value), { body });
    if (answer.status === 200) {
      const warned = answer.body.stops.filter((s) => s.warnings?.length).length;
      say(routeResult, `Route ${answer.body.routeId} built: ${answer.body.stops.length} stops, ${warned} with a warning.`, warned ? "warn" : "ok");
      renderRoute(answer.body);
    } else if (answer.status === 400) {
      say(routeResult, "Not built: " + validationDetail(answer.body), "error");
    } else {
      say(routeResult, answer.code === "route-started" ? "Not built: that route's block has already started." : "Not built: " + problemText(answer), "error");
    }
  });
});

returnForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = returnForm.elements.trackingId.value.trim();
  if (!idPattern.test(id)) return say(returnResult, "That is not a valid tracking number.", "error");
  await busy(returnForm, async () => {
    const answer = await api("POST", `/v1/stations/${encodeURIComponent(stationId)}/returns/${encodeURIComponent(id)}`);
    if (answer.status === 200) {
      returnResult.dataset.onTime = String(answer.body.onTime);
      say(returnResult, answer.body.onTime ? `${id} returned on time.` : `${id} returned late (after 10:00 the day after the failed delivery).`, answer.body.onTime ? "ok" : "warn");
      returnForm.elements.trackingId.value = "";
    } else {
      say(returnResult, answer.status === 404 ? "No package with that number belongs to this station." : problemText(answer), "error");
    }
  });
});

if (stationId !== null) {
  document.getElementById("station-title").textContent = `Station ${stationId}`;
  routeForm.elements.date.value = today();
}
