// /track/{trackingId}: the customer's own package, with the code at the top while it can be used.
// Anyone else gets the same neutral "not found" the API gives them, so ids cannot be probed.
import { api, busy, el, idPattern, problemText, requireRole, say, statusWords, waitText } from "/pages/app.js";

const main = document.getElementById("main");
const slot = document.getElementById("package");
const lookup = document.getElementById("lookup");
const trackingId = decodeURIComponent(location.pathname.replace(/^\/track\/?/, ""));

lookup.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = document.getElementById("lookup-id").value.trim();
  if (idPattern.test(id)) location.assign("/track/" + encodeURIComponent(id));
});

function notFound() {
  slot.replaceChildren(el("section", { class: "card", "data-testid": "not-found" },
    el("h2", {}, "Package not found"),
    el("p", {}, "We could not find a package with that tracking number on your account. Check the number in your shipping email.")));
  lookup.hidden = false;
}

function formatInstant(value) {
  return value ? new Date(value).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : null;
}

function render(p) {
  const parts = [];
  if (p.otp) {
    parts.push(el("section", { class: "card otp", "aria-labelledby": "otp-title" },
      el("h2", { id: "otp-title" }, "Your delivery code"),
      el("p", { class: "digits", "data-testid": "otp" }, p.otp),
      el("p", { class: "hint" }, "Tell the driver this code at the door, or share it with someone you trust to receive the package. Never leave it on a note.")));
  }
  const facts = el("dl", { class: "facts" },
    el("dt", {}, "Tracking number"), el("dd", {}, p.trackingId),
    el("dt", {}, "Status"), el("dd", { "data-testid": "status", "data-status": p.status }, statusWords[p.status] ?? p.status));
  const add = (label, value, testid) => { if (value) facts.append(el("dt", {}, label), el("dd", { "data-testid": testid }, value)); };
  add("Delivery date", p.deliveryDate, "delivery-date");
  add("Redelivery date", p.redeliveryDate, "redelivery-date");
  add("Delivered", formatInstant(p.deliveredAt), "delivered-at");
  add("Received by", p.receivedBy, "received-by");
  if (p.otpRequired && !p.otp && p.status !== "Delivered") add("Code", "Not available for this package now", "otp-missing");
  parts.push(el("section", { class: "card", "aria-label": "Package" }, facts));

  const result = el("p", { class: "result", role: "status", "aria-live": "polite", "data-testid": "action-result" });
  const actions = el("form", { class: "card actions", "aria-label": "Actions" });
  if (p.otp) {
    actions.append(el("button", { type: "button", "data-testid": "resend", onclick: () => act("resend-code", result, actions) }, "Email me the code again"));
  }
  if (p.status === "Delivered") {
    actions.append(el("button", { type: "button", class: "secondary", "data-testid": "report-missing", onclick: () => act("report-missing", result, actions) }, "Report missing package"));
  }
  if (actions.childElementCount > 0) {
    actions.append(result);
    parts.push(actions);
  }
  slot.replaceChildren(...parts);
}

async function act(command, result, form) {
  await busy(form, async () => {
    const answer = await api("POST", `/v1/customer/packages/${encodeURIComponent(trackingId)}/${command}`);
    if (answer.status === 202) {
      say(result, command === "resend-code" ? "We have emailed you the code again." : "Thank you: we have recorded that the package is missing.", "ok");
    } else if (answer.status === 429) {
      say(result, `You have asked for the code too often today; try again in ${waitText(answer.retryAfter)}.`, "warn");
    } else if (answer.status === 404) {
      notFound();
    } else {
      say(result, problemText(answer), "error");
    }
  });
}

async function load() {
  const answer = await api("GET", `/v1/customer/packages/${encodeURIComponent(trackingId)}`);
  if (answer.status === 200) render(answer.body);
  else if (answer.status === 404 || answer.status === 400) notFound();
  else if (answer.status !== 401) slot.replaceChildren(el("p", { class: "result error", role: "alert" }, problemText(answer)));
}

if (requireRole("customer", main) !== null) {
  if (trackingId === "") {
    slot.replaceChildren();
    lookup.hidden = false;
  } else if (!idPattern.test(trackingId)) {
    notFound();
  } else {
    await load();
  }
}
