// Waits until the server under test answers /readyz (cargo-leptos starts it
// just before running Playwright).
export default async function globalSetup() {
  const base = process.env.CAIRN_E2E_URL ?? 'http://127.0.0.1:3000';
  const deadline = Date.now() + 90_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${base} never became ready: ${last}`);
}
