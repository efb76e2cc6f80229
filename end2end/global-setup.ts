// cargo-leptos starts the shop and runs the tests at once; wait until the shop answers.
export default async function globalSetup() {
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
