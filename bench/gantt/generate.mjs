#!/usr/bin/env node
// A generated project plan for the Gantt benchmarks, in a neutral JSON that
// each page converts to its library's format (and that `cairn seed
// --project-tasks N` reproduces in Cairn's database).
//
//   node bench/gantt/generate.mjs [--tasks 10000] [--seed 1] [--out FILE]
//
// Deterministic: the same --tasks and --seed give byte-identical output (a
// seeded PRNG, no clock, no Math.random), so every tool draws the same plan.
//
// Shape
// - N rows in WBS order, about one summary per 10 rows: phases (depth 1)
//   hold work packages (depth 2, summaries) that hold 5–13 leaves (depth 3);
//   now and then a leaf sits directly under a phase.
// - Leaves last 1–10 working days (Mon–Fri); the project starts Monday
//   2026-03-02. Summaries span their children.
// - Exactly 2N links, between leaves only, the predecessor always earlier in
//   row order (so there is no loop). At 10,000 rows: 77 % finish-to-start,
//   17 % start-to-start (overlapping neighbours in a package, with the
//   overlap as lag, and random ones), 7 % finish-to-finish; random links
//   have a lag of 1–3 days now and then.
// - Dates are an as-soon-as-possible forward pass over those links (what a
//   scheduler would compute), so the plan is consistent: every link holds.
//   To keep the span realistic (about two years at 10,000 rows rather than a
//   chain of decades) links are drawn from a nominal plan in which work
//   packages are spread over the span, and only links that nominal plan
//   satisfies are kept; the forward pass can then only pull tasks earlier.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_START = '2026-03-02'; // a Monday

/** mulberry32: small, fast, good enough for test data, and deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Working day number (0 = project start) → ISO date, Mon–Fri calendar. */
function workdayToDate(wd) {
  const weeks = Math.floor(wd / 5);
  const day = wd % 5;
  const d = new Date(Date.UTC(2026, 2, 2 + weeks * 7 + day));
  return d.toISOString().slice(0, 10);
}

export function generate(n = 10_000, seed = 1) {
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive

  // 1. The tree. Rows are pushed in WBS order; ids are 1..n.
  const rows = [];
  const add = (parent, depth, summary) => {
    const row = { id: rows.length + 1, parent, depth, summary, name: '', start: 0, duration: 0 };
    rows.push(row);
    return row;
  };
  let phaseNo = 0;
  while (rows.length < n) {
    const phase = add(null, 1, true);
    phase.name = `Phase ${++phaseNo}`;
    const packages = int(6, 12);
    for (let p = 1; p <= packages && rows.length < n; p++) {
      if (rand() < 0.08) {
        // A lone leaf under the phase (a milestone-like review, say).
        const leaf = add(phase.id, 2, false);
        leaf.name = `Review ${phaseNo}.${p}`;
        continue;
      }
      // A package needs room for itself and at least one leaf.
      if (rows.length + 2 > n) break;
      const pkg = add(phase.id, 2, true);
      pkg.name = `Work package ${phaseNo}.${p}`;
      const leaves = Math.min(int(5, 13), n - rows.length);
      for (let l = 1; l <= leaves; l++) add(pkg.id, 3, false).name = `Task ${phaseNo}.${p}.${l}`;
    }
  }
  // A phase or package left without children at the very end becomes a leaf.
  const hasChild = new Set(rows.map((r) => r.parent));
  for (const r of rows) if (r.summary && !hasChild.has(r.id)) r.summary = false;

  // 2. A nominal plan: packages spread over the span, leaves in a package
  // one after another with some overlap.
  const leaves = rows.filter((r) => !r.summary);
  const span = Math.min(1000, 250 + Math.floor(n / 40)); // working days
  const nominal = new Map(); // id → { s, f } (f exclusive)
  let cursor = 0;
  let prevParent = null;
  leaves.forEach((leaf, i) => {
    leaf.duration = int(1, 10);
    if (leaf.parent !== prevParent) {
      cursor = Math.floor((i / leaves.length) * (span - 60)) + int(0, 10);
      prevParent = leaf.parent;
    }
    nominal.set(leaf.id, { s: cursor, f: cursor + leaf.duration });
    // Next leaf: after this one, or overlapping it.
    cursor += rand() < 0.75 ? leaf.duration : int(0, leaf.duration - 1);
  });

  // 3. Links. First each leaf to its previous sibling (the package's own
  // sequence), then random earlier leaves from a window behind it, until
  // there are exactly 2n. A candidate is kept only if the nominal plan
  // satisfies it.
  const links = [];
  const seen = new Set();
  const holds = (p, s, type, lag) => {
    const a = nominal.get(p.id), b = nominal.get(s.id);
    if (type === 'FS') return a.f + lag <= b.s;
    if (type === 'SS') return a.s + lag <= b.s;
    return a.f + lag <= b.f; // FF
  };
  const pickType = () => {
    const r = rand();
    const type = r < 0.8 ? 'FS' : r < 0.9 ? 'SS' : 'FF';
    const lag = rand() < (type === 'FS' ? 0.1 : 0.6) ? int(1, 3) : 0;
    return { type, lag };
  };
  const tryLink = (p, s, type, lag) => {
    const key = p.id * 1e7 + s.id;
    if (seen.has(key) || !holds(p, s, type, lag)) return false;
    seen.add(key);
    links.push({ id: links.length + 1, pred: p.id, succ: s.id, type, lag });
    return true;
  };
  const target = 2 * n;
  for (let i = 1; i < leaves.length && links.length < target; i++) {
    const s = leaves[i], p = leaves[i - 1];
    if (p.parent !== s.parent) continue;
    // FS if the nominal plan runs them in sequence, SS (with the offset as
    // lag) where it overlaps them.
    const a = nominal.get(p.id), b = nominal.get(s.id);
    if (!tryLink(p, s, 'FS', 0)) tryLink(p, s, 'SS', b.s - a.s);
  }
  const window = Math.max(60, Math.floor(leaves.length / 40));
  let guard = 0;
  while (links.length < target) {
    if (++guard > target * 200) throw new Error(`could not place ${target} links among ${leaves.length} leaves`);
    const i = int(1, leaves.length - 1);
    const j = i - int(1, Math.min(i, window));
    const { type, lag } = pickType();
    tryLink(leaves[j], leaves[i], type, lag);
  }

  // 4. Forward pass, as soon as possible: leaves are in row order and every
  // predecessor is earlier, so one pass in order is topological.
  const preds = new Map();
  for (const l of links) {
    if (!preds.has(l.succ)) preds.set(l.succ, []);
    preds.get(l.succ).push(l);
  }
  const byId = (id) => rows[id - 1];
  for (const leaf of leaves) {
    let s = 0;
    for (const l of preds.get(leaf.id) ?? []) {
      const p = byId(l.pred);
      const pf = p.start + p.duration;
      if (l.type === 'FS') s = Math.max(s, pf + l.lag);
      else if (l.type === 'SS') s = Math.max(s, p.start + l.lag);
      else s = Math.max(s, pf + l.lag - leaf.duration);
    }
    leaf.start = s;
  }
  // Summaries roll up their children; children follow their parent in row
  // order, so walking backwards sees every child before its parent.
  const lo = new Map(), hi = new Map();
  for (let k = rows.length - 1; k >= 0; k--) {
    const r = rows[k];
    if (r.summary) {
      r.start = lo.get(r.id);
      r.duration = hi.get(r.id) - r.start;
    }
    if (r.parent != null) {
      lo.set(r.parent, Math.min(lo.get(r.parent) ?? Infinity, r.start));
      hi.set(r.parent, Math.max(hi.get(r.parent) ?? -Infinity, r.start + r.duration));
    }
  }

  const finish = Math.max(...leaves.map((l) => l.start + l.duration));
  return {
    generator: 'bench/gantt/generate.mjs',
    seed,
    project_start: PROJECT_START,
    calendar: 'Mon-Fri',
    span_working_days: finish,
    project_finish: workdayToDate(finish - 1),
    tasks: rows.map((r) => ({
      id: r.id,
      parent: r.parent,
      name: r.name,
      summary: r.summary,
      depth: r.depth,
      // start: first working day; end: last working day (inclusive);
      // duration in working days.
      start: workdayToDate(r.start),
      end: workdayToDate(r.start + r.duration - 1),
      duration: r.duration,
    })),
    // type: FS finish-to-start, SS start-to-start, FF finish-to-finish;
    // lag in working days.
    links,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const n = Number(opt('tasks', '10000'));
  const seed = Number(opt('seed', '1'));
  if (!Number.isInteger(n) || n < 2) throw new Error('--tasks must be an integer ≥ 2');
  const plan = generate(n, seed);
  const json = JSON.stringify(plan);
  const out = opt('out', null);
  if (out) writeFileSync(out, json);
  else process.stdout.write(json + '\n');
  const summaries = plan.tasks.filter((t) => t.summary).length;
  const types = plan.links.reduce((m, l) => ((m[l.type] = (m[l.type] ?? 0) + 1), m), {});
  process.stderr.write(
    `${plan.tasks.length} tasks (${summaries} summaries), ${plan.links.length} links ${JSON.stringify(types)}, ` +
      `${plan.span_working_days} working days ${plan.project_start} → ${plan.project_finish}\n`,
  );
}
