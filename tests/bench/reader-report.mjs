// bench:reader's table: one row per measure, p50 / p95 / mean per pcscd configuration.

const ROWS = [
  ['detected', 'connect → vpcd noticed card'],
  ['present', "(a) connect → 'present'"],
  ['read', "(b) connect → 'read'"],
  ['serviceCost', '(c) present → read = b − a'],
  ['apduRtt', '(d) APDU round trip, all'],
  ['uidRtt', '    UID (FF CA)'],
  ['selectRtt', '    SELECT (00 A4)'],
  ['readRtt', '    READ (80 CA)'],
  ['serviceCode', '    c − its 3 round trips'],
];

export function printTable(results) {
  const cell = (m) => (m ? `${m.p50.toFixed(2).padStart(8)} ${m.p95.toFixed(2).padStart(8)} ${m.mean.toFixed(2).padStart(8)}` : 'skipped'.padStart(26));
  const head = results.map((r) => r.label.padStart(26)).join('   ');
  const sub = results.map(() => `${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'mean'.padStart(8)}`).join('   ');
  console.log(`\n${''.padEnd(32)}${head}\n${'ms'.padEnd(32)}${sub}`);
  for (const [key, name] of ROWS) console.log(`${name.padEnd(32)}${results.map((r) => cell(r.metrics?.[key])).join('   ')}`);
  for (const r of results) {
    const notes = [];
    if (r.skipped) notes.push(`skipped: ${r.skipped}`);
    else {
      notes.push(`${r.metrics.read?.n ?? 0} of ${r.taps} measured taps read (plus ${r.warmup} warm-up)`);
      if (r.failures.length) notes.push(`${r.failures.length} failed`);
      if (r.strayCardEvents) notes.push(`${r.strayCardEvents} card events outside taps`);
      if (r.shimLog) notes.push(r.shimLog);
    }
    console.log(`${r.label}: ${notes.join('; ')}`);
  }
}
