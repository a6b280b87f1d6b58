// /signin: development tokens in Development; the carrier's OpenID Connect provider (authorization
// code with PKCE, as a public client) where one is configured; otherwise a pasted access token.
import { api, homeOf, idPattern, safeReturn, say, session, validationDetail } from "/pages/app.js";

const result = document.getElementById("signin-result");
const flow = "otpgrains.oidc";
const params = new URLSearchParams(location.search);

/** Where to go once signed in: the page that sent the user here, or their role's page. */
function land(role) {
  const target = safeReturn(params.get("return")) ?? safeReturn(sessionStorage.getItem(flow + ".return")) ?? homeOf[role] ?? "/signin";
  sessionStorage.removeItem(flow + ".return");
  location.assign(target);
}

/** The claims of a JWT, for routing only: the API checks the signature, the page never trusts them. */
function claimsOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")));
  } catch {
    return {};
  }
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function developmentSignIn() {
  const form = document.getElementById("dev-form");
  const role = document.getElementById("signin-role");
  const subject = document.getElementById("signin-subject");
  const wanted = safeReturn(params.get("return"));
  // Coming from a page, pick that page's role.
  const pageRole = wanted && Object.entries(homeOf).find(([, home]) => wanted === home || wanted.startsWith(home + "/"));
  if (pageRole) role.value = pageRole[0];
  form.hidden = false;
  subject.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!idPattern.test(subject.value)) {
      say(result, "The id must be 1-64 letters, digits, dots, dashes or underscores.", "error");
      subject.focus();
      return;
    }
    say(result, "Signing in…");
    const answer = await api("POST", "/dev/tokens", { body: { role: role.value, subject: subject.value } });
    if (answer.status !== 200) {
      say(result, "Sign-in failed: " + validationDetail(answer.body), "error");
      return;
    }
    session.save(answer.body.token, role.value, subject.value);
    land(role.value);
  });
}

async function discover(authority) {
  const response = await fetch(authority + "/.well-known/openid-configuration", { cache: "no-store" });
  if (!response.ok) throw new Error(`the identity provider's discovery document answered ${response.status}`);
  const doc = await response.json();
  if (doc.issuer?.replace(/\/$/, "") !== authority) throw new Error("the discovery document names another issuer");
  return doc;
}

async function openIdSignIn(config) {
  const section = document.getElementById("oidc");
  section.hidden = false;
  const redirectUri = location.origin + "/signin";
  const code = params.get("code");
  if (code || params.get("error")) {
    // Back from the provider: take the authorization code out of the address bar and history first.
    history.replaceState(null, "", "/signin");
    const expected = sessionStorage.getItem(flow + ".state");
    const verifier = sessionStorage.getItem(flow + ".verifier");
    sessionStorage.removeItem(flow + ".state");
    sessionStorage.removeItem(flow + ".verifier");
    if (params.get("error")) return say(result, "The identity provider refused the sign-in: " + params.get("error"), "error");
    if (!expected || params.get("state") !== expected || !verifier) return say(result, "That sign-in answer was not for this tab; start again.", "error");
    say(result, "Finishing sign-in…");
    try {
      const provider = await discover(config.authority);
      const response = await fetch(provider.token_endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: config.clientId, code_verifier: verifier }),
        cache: "no-store",
      });
      const tokens = await response.json();
      if (!response.ok || typeof tokens.access_token !== "string") throw new Error(tokens.error ?? `the token endpoint answered ${response.status}`);
      const claims = claimsOf(tokens.access_token);
      session.save(tokens.access_token, typeof claims.role === "string" ? claims.role : null, typeof claims.sub === "string" ? claims.sub : null);
      land(claims.role);
    } catch (error) {
      say(result, "Sign-in failed: " + error.message, "error");
    }
    return;
  }

  document.getElementById("oidc-start").addEventListener("click", async () => {
    try {
      const provider = await discover(config.authority);
      const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
      const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
      const challenge = base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
      sessionStorage.setItem(flow + ".verifier", verifier);
      sessionStorage.setItem(flow + ".state", state);
      const wanted = safeReturn(params.get("return"));
      if (wanted) sessionStorage.setItem(flow + ".return", wanted);
      const url = new URL(provider.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: ["openid", config.scope].filter(Boolean).join(" "),
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }).toString();
      location.assign(url.toString());
    } catch (error) {
      say(result, "Could not reach the identity provider: " + error.message, "error");
    }
  });
}

function pastedTokenSignIn() {
  const form = document.getElementById("token-form");
  const field = document.getElementById("signin-token");
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = field.value.trim();
    const claims = claimsOf(token);
    if (!token || typeof claims.sub !== "string") return say(result, "That is not an access token (a JWT with a subject).", "error");
    session.save(token, typeof claims.role === "string" ? claims.role : null, claims.sub);
    land(claims.role);
  });
}

const response = await fetch("/pages/config.json", { cache: "no-store" });
const config = await response.json();
document.getElementById("loading").remove();
if (config.signIn === "development") developmentSignIn();
else if (config.signIn === "oidc") await openIdSignIn(config);
else pastedTokenSignIn();
