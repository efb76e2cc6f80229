import { execFileSync } from "node:child_process";

// cargo-leptos starts the shop and runs the tests at once: wait until the shop answers, then
// make the staff accounts the back-office scenarios sign in with, the way a merchant makes them
// (`mercato admin create`, against the same database the shop serves).
export default async function globalSetup() {
  await shopIsHealthy();
  createStaff();
}

async function shopIsHealthy() {
  const url = (process.env.MERCATO_E2E_URL ?? "http://127.0.0.1:3000") + "/health";
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The shop did not become healthy at ${url}: ${last}`);
}

/** [e-mail variable, password variable, name, role (none: administrator)] */
const STAFF: [string, string, string, string | null][] = [
  ["MERCATO_E2E_CLERK_EMAIL", "MERCATO_E2E_CLERK_PASSWORD", "Sam Clerk", "Stock clerk"],
  ["MERCATO_E2E_HANDLER_EMAIL", "MERCATO_E2E_HANDLER_PASSWORD", "Hana Handler", "Order handler"],
  ["MERCATO_E2E_STORE_EMAIL", "MERCATO_E2E_STORE_PASSWORD", "Stella Store", "Store clerk"],
  ["MERCATO_E2E_ADMIN_EMAIL", "MERCATO_E2E_ADMIN_PASSWORD", "Ada Admin", null],
];

function createStaff() {
  const binary = process.env.MERCATO_E2E_BINARY;
  if (!binary) return; // Against a shop someone else runs: its staff exist already.
  for (const [emailVariable, passwordVariable, name, role] of STAFF) {
    const email = process.env[emailVariable];
    const password = process.env[passwordVariable];
    if (!email || !password) throw new Error(`${emailVariable} and ${passwordVariable} must be set`);
    const args = ["admin", "create", "--email", email, "--name", name];
    if (role) args.push("--role", role);
    execFileSync(binary, args, {
      env: { ...process.env, MERCATO_ADMIN_PASSWORD: password },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
}
