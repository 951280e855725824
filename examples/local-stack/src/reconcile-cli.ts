// `npm run reconcile`: one reconciliation pass of the running local stack, and its report.
export {};

const api = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`;
try {
  const response = await fetch(`${api}/demo/reconcile`, { method: 'POST' });
  const body = await response.text();
  if (!response.ok) {
    console.error(`reconcile: ${response.status} ${body}`);
    process.exit(1);
  }
  console.log(JSON.stringify(JSON.parse(body), null, 2));
} catch (error) {
  console.error(
    `reconcile: no local stack answers at ${api} (start it with npm start): ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
