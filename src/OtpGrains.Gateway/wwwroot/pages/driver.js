// /driver: the day's itinerary and the commands at the door. Every entry gets its own
// Idempotency-Key; when the network drops, the same entry is sent again with the SAME key, so the
// package counts it once and answers the first verdict again.
import { api, busy, el, NetworkError, requireRole, say, statusWords, today, waitText } from "/pages/app.js";

const main = document.getElementById("main");
const dayForm = document.getElementById("day-form");
const dayField = document.getElementById("day");
const list = document.getElementById("itinerary");
const door = document.getElementById("door");
const doorTitle = document.getElementById("door-title");
const doorBody = document.getElementById("door-body");
const result = document.getElementById("attempt-result");
const retry = document.getElementById("retry");

const reasons = [
  ["CustomerUnavailable", "Customer not available"],
  ["CodeMissing", "Customer has no code"],
  ["OtpLocked", "Locked after wrong codes"],
  ["TooEarlyOrTooLate", "Too early or too late"],
  ["AccessProblem", "Could not get access"],
  ["Other", "Other"],
];
const actionable = new Set(["OutForDelivery", "OtpLocked"]);
const retryDelays = [400, 1200, 2500];

let stops = new Map();
let selected = null;
let pending = null;

function newKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one entry, retrying through dropped connections and 503s with the same key. Null when
 * every try failed: the entry stays pending and "Try again" sends it once more, still with its key.
 */
async function deliver(entry) {
  retry.hidden = true;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await api("POST", entry.path, { body: entry.body, headers: { "Idempotency-Key": entry.key } });
      if (answer.status !== 503 || attempt >= retryDelays.length) return answer;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      if (attempt >= retryDelays.length) return null;
    }
    say(result, "No answer yet: sending the same entry again…", "info");
    await sleep(retryDelays[attempt]);
  }
}

async function command(form, trackingId, name, body, describe) {
  pending = { path: `/v1/driver/packages/${encodeURIComponent(trackingId)}/${name}`, body, key: newKey(), trackingId, describe };
  await busy(form, () => finish(pending));
}

async function finish(entry) {
  const answer = await deliver(entry);
  if (answer === null) {
    say(result, "No connection: the entry was not confirmed. Press Try again when you have signal; it is sent with the same key and counts once.", "error");
    retry.hidden = false;
    return;
  }
  if (answer.status !== 401) pending = null;
  const [text, kind] = entry.describe(answer);
  say(result, text, kind);
  await load(entry.trackingId);
}

retry.addEventListener("click", async () => {
  if (!pending) return;
  const entry = pending;
  retry.disabled = true;
  try { await finish(entry); } finally { retry.disabled = false; }
});

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Words for the driver at the door, for every answer the contract names. */
function refusal(answer) {
  switch (answer.code) {
    case "otp-locked": return ["Locked: three wrong entries today. No more codes can be tried on this package today. Mark it undeliverable (locked) and take it back to the station.", "error"];
    case "outside-delivery-window": return ["Outside the delivery window: entries count only between 03:00 and 23:00 station time. Nothing was counted.", "warn"];
    case "too-many-requests": return [`Too many attempts in a short time. Wait ${waitText(answer.retryAfter)}, then try again. Nothing was counted on this package.`, "warn"];
    case "fallback-not-allowed": return ["The phone-digit fallback is not allowed for this package today. Ask for the code, or mark the stop undeliverable.", "warn"];
    case "otp-required": return ["This package needs the customer's code: it cannot be marked delivered without it.", "warn"];
    case "invalid-state": return ["This package is not out for delivery with you now; check the itinerary.", "warn"];
    case "not-found": return ["This package is not on your route today.", "error"];
    case "validation-failed": return ["That entry was not accepted: check the digits and try again.", "error"];
    case "unavailable": return ["The service cannot answer right now. Try again in a moment: the same entry counts once.", "error"];
    default: return [`Not accepted (HTTP ${answer.status}).`, "error"];
  }
}

/** Words for a code entry's answer; `what` is "code" or "phone digits". */
const attemptWords = (what) => (answer) => {
  if (answer.status !== 200) return refusal(answer);
  const a = answer.body;
  const wrong = what === "code" ? "Wrong code" : "Wrong phone digits";
  if (a.outcome === "Delivered") return [`Correct ${what}: delivered. Hand the package over.`, "ok"];
  if (a.outcome === "WrongCode") return [`${wrong}. ${plural(a.attemptsLeft, "attempt")} left today.`, "warn"];
  return [`${wrong}, and that was the last attempt: the package is locked for today. Mark it undeliverable (locked) and take it back to the station.`, "error"];
};

function stopLine(stop) {
  const item = el("li", {
    class: `stop${stop.otpRequired ? " otp-stop" : ""}${actionable.has(stop.status) ? "" : " done"}${stop.trackingId === selected ? " selected" : ""}`,
    "data-testid": "stop", "data-tracking-id": stop.trackingId, "data-status": stop.status,
  },
  el("div", {}, el("span", { class: "id" }, stop.trackingId),
    stop.otpRequired ? el("span", { class: "badge otp", "data-testid": "otp-label" }, "OTP") : el("span", { class: "badge" }, "No code")),
  el("p", { class: "meta" }, statusWords[stop.status] ?? stop.status));
  if (stop.otpRequired) {
    item.append(el("p", { class: "meta", "data-testid": "attempts-left" }, `${plural(stop.attemptsLeft, "attempt")} left`),
      el("p", { class: "meta", "data-testid": "fallback" }, stop.fallbackAvailable ? "Phone-digit fallback available" : "No phone-digit fallback"));
  }
  if (stop.warnings?.length) {
    item.append(el("ul", { class: "warnings", "aria-label": "Warnings", "data-testid": "warnings" }, stop.warnings.map((w) => el("li", {}, w))));
  }
  if (actionable.has(stop.status)) {
    item.append(el("button", { type: "button", class: "secondary", "aria-controls": "door", "data-testid": "open-stop", onclick: () => open(stop.trackingId, true) },
      `Open stop ${stop.trackingId}`));
  }
  return item;
}

function renderItinerary(data) {
  stops = new Map();
  if (!data.routes.length) {
    list.replaceChildren(el("p", { class: "card", "data-testid": "no-routes" }, `No routes for you on ${data.date}.`));
    return;
  }
  list.replaceChildren(...data.routes.map((route) => {
    route.stops.forEach((s) => stops.set(s.trackingId, s));
    const otp = route.stops.filter((s) => s.otpRequired).length;
    return el("section", { class: "card", "aria-label": `Route ${route.routeId}` },
      el("h2", {}, `Route ${route.routeId} · ${route.blockStart}–${route.blockEnd}`),
      el("p", { class: "hint" }, `${plural(route.stops.length, "stop")}, ${otp} with a code`),
      el("ol", { class: "stops" }, route.stops.map(stopLine)));
  }));
}

function field(id, label, attributes) {
  return [el("label", { for: id }, label), el("input", { id, name: id, ...attributes })];
}

function codeForm(stop) {
  const form = el("form", { "aria-label": "Code entry" },
    ...field("code", "Code from the customer (6 digits)", { inputmode: "numeric", pattern: "[0-9]{6}", maxlength: 6, required: true, autocomplete: "off", spellcheck: "false", "data-testid": "code-input" }),
    ...field("recipient", "Received by (name, optional)", { maxlength: 100, autocomplete: "off", "data-testid": "recipient-input" }),
    el("button", { type: "submit", "data-testid": "code-submit" }, "Check code"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = form.elements.code;
    if (!/^[0-9]{6}$/.test(code.value)) {
      say(result, "The code is exactly 6 digits.", "error");
      code.focus();
      return;
    }
    const body = { code: code.value };
    if (form.elements.recipient.value.trim()) body.recipientName = form.elements.recipient.value.trim();
    await command(form, stop.trackingId, "otp", body, attemptWords("code"));
    if (code.isConnected) { code.value = ""; code.focus(); }
  });
  return form;
}

function fallbackForm(stop) {
  const form = el("form", { "aria-label": "Phone-digit fallback", hidden: true, id: "fallback-form" },
    el("p", { class: "hint" }, "Ask the customer for the last two digits of their phone number. This uses one of the day's attempts, once a day at most."),
    ...field("phone", "Last two digits of the customer's phone", { inputmode: "numeric", pattern: "[0-9]{2}", maxlength: 2, required: true, autocomplete: "off", "data-testid": "fallback-input" }),
    ...field("fallback-recipient", "Received by (name, optional)", { maxlength: 100, autocomplete: "off" }),
    el("button", { type: "submit", "data-testid": "fallback-submit" }, "Check phone digits"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const digits = form.elements.phone;
    if (!/^[0-9]{2}$/.test(digits.value)) {
      say(result, "Enter exactly 2 digits.", "error");
      digits.focus();
      return;
    }
    const body = { phoneLastTwo: digits.value };
    if (form.elements["fallback-recipient"].value.trim()) body.recipientName = form.elements["fallback-recipient"].value.trim();
    await command(form, stop.trackingId, "otp-fallback", body, attemptWords("phone digits"));
    if (digits.isConnected) digits.value = "";
  });
  const toggle = el("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": "fallback-form", "data-testid": "fallback-open" },
    "Password is missing or incorrect");
  toggle.addEventListener("click", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.elements.phone.focus();
  });
  return [toggle, form];
}

function deliveredForm(stop) {
  const form = el("form", { "aria-label": "Delivered" },
    ...field("plain-recipient", "Received by (name, optional)", { maxlength: 100, autocomplete: "off" }),
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "leftAtDoor", "data-testid": "left-at-door" }), "Left at the door"),
    el("button", { type: "submit", "data-testid": "delivered-submit" }, "Mark delivered"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { leftAtDoor: form.elements.leftAtDoor.checked };
    if (form.elements["plain-recipient"].value.trim()) body.recipientName = form.elements["plain-recipient"].value.trim();
    await command(form, stop.trackingId, "delivered", body, (a) => (a.status === 200 ? ["Delivered.", "ok"] : refusal(a)));
  });
  return form;
}

function undeliverableForm(stop) {
  const form = el("form", { "aria-label": "Undeliverable" },
    el("h3", {}, "Cannot deliver"),
    el("label", { for: "reason" }, "Reason"),
    el("select", { id: "reason", name: "reason", required: true, "data-testid": "reason" },
      reasons.map(([value, words]) => el("option", { value, selected: stop.status === "OtpLocked" && value === "OtpLocked" }, words))),
    el("label", { for: "note" }, "Note (optional)"),
    el("textarea", { id: "note", name: "note", rows: 2, maxlength: 500, "data-testid": "note" }),
    el("button", { type: "submit", class: "danger", "data-testid": "undeliverable-submit" }, "Mark undeliverable"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { reason: form.elements.reason.value };
    if (form.elements.note.value.trim()) body.note = form.elements.note.value.trim();
    await command(form, stop.trackingId, "undeliverable", body, (a) => (a.status === 200
      ? [`Marked undeliverable. Take it back to the station by ${a.body.returnBy ? new Date(a.body.returnBy).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "10:00 tomorrow"}.`, "ok"]
      : refusal(a)));
  });
  return form;
}

/** What the door panel was built for: rebuilt when this changes, kept (with its focus) when not. */
const doorState = (stop) => (stop ? `${stop.status}|${stop.fallbackAvailable}` : "");

function doorAdvice(stop) {
  return `Ask the person at the door for the code. ${plural(stop.attemptsLeft, "attempt")} left today. Someone the customer trusts may give it; never take it from a note.`;
}

function open(trackingId, focus) {
  selected = trackingId;
  const stop = stops.get(trackingId);
  list.querySelectorAll("[data-testid=stop]").forEach((li) => li.classList.toggle("selected", li.dataset.trackingId === trackingId));
  door.hidden = false;
  door.dataset.trackingId = trackingId;
  door.dataset.state = doorState(stop);
  doorTitle.textContent = `At the door: ${trackingId}`;
  if (!stop || !actionable.has(stop.status)) {
    doorBody.replaceChildren(el("p", {}, stop ? `${statusWords[stop.status] ?? stop.status}. Nothing more to do at this stop.` : "This stop is no longer on your itinerary."));
  } else if (stop.status === "OtpLocked") {
    doorBody.replaceChildren(el("p", {}, "Locked for today after three wrong entries. Mark the stop undeliverable and take the package back."), undeliverableForm(stop));
  } else if (stop.otpRequired) {
    doorBody.replaceChildren(
      el("p", { class: "hint", id: "door-attempts" }, doorAdvice(stop)),
      codeForm(stop),
      ...(stop.fallbackAvailable ? fallbackForm(stop) : [el("p", { class: "hint", "data-testid": "no-fallback" }, "No phone-digit fallback for this package today.")]),
      undeliverableForm(stop));
  } else {
    doorBody.replaceChildren(deliveredForm(stop), undeliverableForm(stop));
  }
  if (focus) {
    say(result, "");
    retry.hidden = true;
    (doorBody.querySelector("input, select") ?? doorTitle).focus();
  }
}

async function load(keepOpen) {
  list.setAttribute("aria-busy", "true");
  const answer = await api("GET", `/v1/driver/itinerary?date=${encodeURIComponent(dayField.value)}`);
  list.setAttribute("aria-busy", "false");
  if (answer.status !== 200) {
    if (answer.status !== 401) list.replaceChildren(el("p", { class: "result error", role: "alert" }, refusal(answer)[0]));
    return;
  }
  renderItinerary(answer.body);
  if (keepOpen && selected === keepOpen) {
    const stop = stops.get(keepOpen);
    if (!stop || door.dataset.state !== doorState(stop)) open(keepOpen, false);
    else if (document.getElementById("door-attempts")) document.getElementById("door-attempts").textContent = doorAdvice(stop);
  }
}

dayForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  door.hidden = true;
  selected = null;
  await busy(dayForm, () => load());
});

if (requireRole("driver", main) !== null) {
  const wanted = new URLSearchParams(location.search).get("date");
  dayField.value = wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted) ? wanted : today();
  await load();
}
