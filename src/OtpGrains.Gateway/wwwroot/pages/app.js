// Shared by every page: the signed-in user (sessionStorage only, gone when the tab closes), calls to
// the /v1 API with their token, and a few DOM builders that never parse HTML, so nothing a server
// or a user typed can become markup or script.

const keys = { token: "otpgrains.token", role: "otpgrains.role", subject: "otpgrains.subject" };

/** The role each page is for, and where a role lands after signing in with nowhere to return to. */
export const homeOf = { customer: "/track", driver: "/driver", station: "/station", support: "/support" };

export const session = {
  get token() { return sessionStorage.getItem(keys.token); },
  get role() { return sessionStorage.getItem(keys.role); },
  get subject() { return sessionStorage.getItem(keys.subject); },
  save(token, role, subject) {
    sessionStorage.setItem(keys.token, token);
    if (role) sessionStorage.setItem(keys.role, role); else sessionStorage.removeItem(keys.role);
    if (subject) sessionStorage.setItem(keys.subject, subject); else sessionStorage.removeItem(keys.subject);
  },
  clear() { Object.values(keys).forEach((k) => sessionStorage.removeItem(k)); },
};

/** Only a path on this site: "/driver", never "//elsewhere" or "https://elsewhere". */
export function safeReturn(value) {
  return typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : null;
}

export function signInUrl() {
  return "/signin?return=" + encodeURIComponent(location.pathname + location.search);
}

/**
 * Makes sure someone is signed in with `role`; otherwise sends them to /signin (which brings them
 * back here) or, signed in as someone else, says so on the page. Returns the subject or null.
 */
export function requireRole(role, main) {
  if (!session.token) {
    location.replace(signInUrl());
    return null;
  }
  renderUser();
  if (session.role && session.role !== role) {
    main.replaceChildren(el("section", { class: "card", role: "alert" },
      el("h2", {}, "This page is not for your role"),
      el("p", {}, `You are signed in as ${session.role} ${session.subject ?? ""}. This page is for the ${role} role.`),
      el("p", {}, el("a", { href: signInUrl() }, "Sign in as someone else"))));
    return null;
  }
  return session.subject ?? "";
}

function renderUser() {
  const slot = document.getElementById("user");
  if (!slot) return;
  const out = el("button", { type: "button", class: "link" }, "Sign out");
  out.addEventListener("click", () => { session.clear(); location.assign("/signin"); });
  slot.replaceChildren(el("span", {}, `${session.role ?? "signed in"} ${session.subject ?? ""}`), " ", out);
}

/** Thrown when the request never got an answer (connection dropped, server unreachable). */
export class NetworkError extends Error {}

/**
 * Calls the API with the user's token. Resolves to { status, body, code } for every HTTP answer
 * (body: parsed JSON or null; code: the problem's `code`); rejects with NetworkError when there
 * was none. A 401 means the token is gone or expired: sign in again and come back.
 */
export async function api(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, cache: "no-store" };
  if (session.token) init.headers.Authorization = "Bearer " + session.token;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  let parsed = null;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try { parsed = await response.json(); } catch { parsed = null; }
  }
  if (response.status === 401 && path.startsWith("/v1/")) {
    session.clear();
    location.assign(signInUrl());
  }
  return { status: response.status, body: parsed, code: parsed?.code ?? null, retryAfter: response.headers.get("Retry-After") };
}

/** Words for an answer that is not a success, for anyone (drivers have their own, see driver.js). */
export function problemText(answer) {
  switch (answer.status) {
    case 400: return "That input was not accepted: " + validationDetail(answer.body);
    case 403: return "Your role may not do this.";
    case 404: return "Not found.";
    case 409: return answer.body?.detail ?? "Not possible in the package's current state.";
    case 429: return `Too many requests: try again in ${waitText(answer.retryAfter)}.`;
    case 503: return "The service cannot answer right now; try again in a moment.";
    default: return `Something went wrong (HTTP ${answer.status}).`;
  }
}

export function validationDetail(body) {
  const errors = body?.errors;
  if (errors && typeof errors === "object") return Object.entries(errors).map(([k, v]) => `${k} ${[].concat(v).join(", ")}`).join("; ");
  return body?.detail ?? body?.title ?? "check the fields";
}

export function waitText(retryAfter) {
  const seconds = Number.parseInt(retryAfter ?? "", 10);
  if (!Number.isFinite(seconds) || seconds <= 0) return "a little while";
  if (seconds < 90) return `${seconds} seconds`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
}

/** Builds an element; attributes by name (`on…` ones are listeners), children as nodes or text. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** Puts a message in a live region: screen readers announce it, the class colours it. */
export function say(region, text, kind = "info") {
  region.className = "result " + kind;
  region.textContent = text;
}

/** The statuses in words; the raw name stays in data-status for machines. */
export const statusWords = {
  Registered: "Registered",
  Shipped: "Shipped",
  OutForDelivery: "Out for delivery",
  OtpLocked: "Locked for today (too many wrong codes)",
  Delivered: "Delivered",
  AwaitingReturn: "Not delivered: going back to the station",
  ReturnedToStation: "Back at the station",
  ScheduledForRedelivery: "Scheduled for redelivery",
  ReturnToSender: "Returned to the sender",
};

/** Today on this device's calendar: the driver's and the station's own day. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const idPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Disables a form's controls while `work` runs, so a double tap sends one request. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll("button, input, select, textarea")].filter((c) => !c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  const focused = document.activeElement;
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    controls.forEach((c) => { c.disabled = false; });
    form.removeAttribute("aria-busy");
    // Disabling dropped the focus; a keyboard user carries on where they were.
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement === document.body) focused.focus();
  }
}
