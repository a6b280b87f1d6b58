// /support: a package's audit trail (never a code), excusing a driver's failure, reissuing a code,
// a driver's 28-day reliability, and the abuse signals where the gateway reports them.
import { api, busy, el, idPattern, problemText, requireRole, say, statusWords, today } from "/pages/app.js";

const main = document.getElementById("main");
const packageForm = document.getElementById("package-form");
const packageSlot = document.getElementById("package");
const driverForm = document.getElementById("driver-form");
const driverSlot = document.getElementById("driver");
const signalsSlot = document.getElementById("signals");
const svgNs = "http://www.w3.org/2000/svg";

const words = (key) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
const instant = (value) => new Date(value).toLocaleString([], { dateStyle: "medium", timeStyle: "medium" });

function table(headers, rows, rowTestId) {
  return el("div", { class: "scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", { "data-testid": rowTestId }, cells.map((c) => el("td", {}, c ?? "")))))));
}

/** Shows the package; `message` ([text, kind]) is said again after a refresh, so an answer is not wiped by it. */
function renderPackage(p, message) {
  const trackingPath = `/v1/support/packages/${encodeURIComponent(p.trackingId)}`;
  const result = el("p", { class: "result", role: "status", "aria-live": "polite", "data-testid": "support-result" });
  const excuse = el("form", { "aria-label": "Excuse the failure" },
    el("label", { for: "excuse-note" }, "Why the failure should not count against the driver"),
    el("textarea", { id: "excuse-note", name: "note", rows: 2, required: true, maxlength: 500, "data-testid": "excuse-note" }),
    el("button", { type: "submit", "data-testid": "excuse-submit" }, "Excuse the last failed day"));
  excuse.addEventListener("submit", async (event) => {
    event.preventDefault();
    const note = excuse.elements.note.value.trim();
    if (!note) return say(result, "Write a note first.", "error");
    await busy(excuse, async () => {
      const answer = await api("POST", `${trackingPath}/excuse`, { body: { note } });
      if (answer.status === 200) {
        await showPackage(p.trackingId, false, ["Excused: the failure no longer counts against the driver.", "ok"]);
      } else {
        say(result, answer.status === 409 ? "Nothing to excuse: no failed delivery day in the last 7 days, or it is already excused." : problemText(answer), "error");
      }
    });
  });
  const reissue = el("form", { "aria-label": "Reissue the code" },
    el("button", { type: "submit", class: "secondary", "data-testid": "reissue-submit" }, "Reissue the code (emails a new one, the old one stops working)"));
  reissue.addEventListener("submit", async (event) => {
    event.preventDefault();
    await busy(reissue, async () => {
      const answer = await api("POST", `${trackingPath}/reissue-code`);
      if (answer.status === 200) await showPackage(p.trackingId, false, ["A new code was emailed to the customer; the old one no longer works.", "ok"]);
      else say(result, problemText(answer), "error");
    });
  });

  const facts = el("dl", { class: "facts" },
    el("dt", {}, "Status"), el("dd", { "data-testid": "support-status", "data-status": p.status }, statusWords[p.status] ?? p.status),
    el("dt", {}, "Needs a code"), el("dd", {}, p.otpRequired ? `Yes (${p.otpReasons.map(words).join(", ") || "required"})` : "No"),
    el("dt", {}, "Customer"), el("dd", {}, p.customerId ?? "—"),
    el("dt", {}, "Station"), el("dd", {}, p.stationId ?? "—"));
  const audit = p.audit.length
    ? table(["When", "Who", "What", "Outcome", "How"], p.audit.map((a) => [instant(a.at), a.actor, words(a.action), a.outcome, a.method]), "audit-entry")
    : el("p", {}, "No events yet.");
  packageSlot.replaceChildren(
    el("section", { class: "card", "aria-label": `Package ${p.trackingId}`, "data-testid": "support-package" },
      el("h2", {}, p.trackingId), facts, el("h3", {}, "Audit trail"), audit),
    el("section", { class: "card actions", "aria-label": "Actions" }, excuse, reissue, result));
  if (message) say(result, ...message);
}

async function showPackage(id, clear = true, message = undefined) {
  if (clear) packageSlot.replaceChildren(el("p", { role: "status" }, "Loading…"));
  const answer = await api("GET", `/v1/support/packages/${encodeURIComponent(id)}`);
  if (answer.status === 200) renderPackage(answer.body, message);
  else if (answer.status !== 401) packageSlot.replaceChildren(el("p", { class: "result error", role: "alert", "data-testid": "support-result" }, answer.status === 404 ? "No package with that tracking number." : problemText(answer)));
}

/** A small bar chart of the driver's window; the numbers are also in the table beside it. */
function chart(r) {
  const bars = [
    ["Delivered", r.delivered, "bar-ok"], ["Undeliverable", r.undeliverable, "bar-bad"], ["Excused", r.excused, "bar-neutral"],
    ["Removed before start", r.removedBeforeStart, "bar-neutral"], ["Late returns", r.lateReturns, "bar-bad"], ["Fallback deliveries", r.fallbackDeliveries, "bar-neutral"],
  ];
  const max = Math.max(1, ...bars.map(([, n]) => n));
  const svg = document.createElementNS(svgNs, "svg");
  const row = 24;
  const left = 150;
  const width = 360;
  svg.setAttribute("viewBox", `0 0 ${width} ${bars.length * row + 4}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("data-testid", "reliability-chart");
  svg.setAttribute("aria-label", `Last ${r.windowDays} days: ` + bars.map(([label, n]) => `${label} ${n}`).join(", "));
  const make = (name, attributes, text) => {
    const node = document.createElementNS(svgNs, name);
    Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, String(v)));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  };
  bars.forEach(([label, n, kind], i) => {
    const y = i * row + 4;
    make("text", { x: 0, y: y + 14 }, label);
    make("rect", { x: left, y, width: Math.max(2, ((width - left - 40) * n) / max), height: row - 8, class: kind });
    make("text", { x: left + Math.max(2, ((width - left - 40) * n) / max) + 6, y: y + 14 }, String(n));
  });
  return svg;
}

function renderReliability(r) {
  const score = r.reliability === null || r.reliability === undefined ? "No finished stop yet" : `${Math.round(r.reliability * 1000) / 10}%`;
  return el("section", { class: "card", "aria-label": `Driver ${r.driverId}`, "data-testid": "reliability" },
    el("h2", {}, `Driver ${r.driverId}`),
    el("p", {}, `Reliability over the last ${r.windowDays} days: `, el("strong", { "data-testid": "reliability-score" }, score)),
    chart(r),
    el("dl", { class: "facts" },
      ...[["Assigned", r.assigned], ["Delivered", r.delivered], ["Undeliverable", r.undeliverable], ["Excused", r.excused],
        ["Removed before start", r.removedBeforeStart], ["Late returns", r.lateReturns], ["Fallback deliveries", r.fallbackDeliveries]]
        .flatMap(([label, n]) => [el("dt", {}, label), el("dd", {}, String(n))])));
}

/** Shows whatever the signals routes answer, field by field; nothing here is made up by the page. */
function renderValue(value) {
  if (Array.isArray(value)) return value.length ? el("ul", {}, value.map((v) => el("li", {}, renderValue(v)))) : el("span", {}, "none");
  if (value && typeof value === "object") {
    return el("dl", { class: "facts" }, Object.entries(value).flatMap(([k, v]) => [el("dt", {}, words(k)), el("dd", {}, renderValue(v))]));
  }
  return el("span", {}, value === null ? "—" : String(value));
}

async function signals(path, slot, unavailable) {
  const answer = await api("GET", path);
  if (answer.status === 200) slot.replaceChildren(renderValue(answer.body));
  else if (answer.status === 404) slot.replaceChildren(el("p", { class: "hint", "data-testid": "signals-unavailable" }, unavailable));
  else if (answer.status !== 401) slot.replaceChildren(el("p", { class: "result error" }, problemText(answer)));
}

packageForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = packageForm.elements.trackingId.value.trim();
  if (!idPattern.test(id)) return packageSlot.replaceChildren(el("p", { class: "result error", role: "alert" }, "That is not a valid tracking number."));
  await busy(packageForm, () => showPackage(id));
});

driverForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = driverForm.elements.driverId.value.trim();
  if (!idPattern.test(id)) return driverSlot.replaceChildren(el("p", { class: "result error", role: "alert" }, "That is not a valid driver id."));
  await busy(driverForm, async () => {
    const answer = await api("GET", `/v1/drivers/${encodeURIComponent(id)}/reliability`);
    if (answer.status !== 200) {
      if (answer.status !== 401) driverSlot.replaceChildren(el("p", { class: "result error", role: "alert" }, problemText(answer)));
      return;
    }
    const driverSignals = el("div", { "data-testid": "driver-signals" }, el("p", { role: "status" }, "Loading signals…"));
    driverSlot.replaceChildren(renderReliability(answer.body), el("section", { class: "card", "aria-label": "Signals for this driver" }, el("h3", {}, "Signals today"), driverSignals));
    await signals(`/v1/support/drivers/${encodeURIComponent(id)}/signals?date=${today()}`, driverSignals,
      "No abuse signals for this driver: this gateway does not report them, or there are none for today.");
  });
});

if (requireRole("support", main) !== null) {
  await signals(`/v1/support/signals?date=${today()}`, signalsSlot, "This gateway does not report abuse signals yet.");
}
