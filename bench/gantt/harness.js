// Shared by dhtmlx.html and frappe.html: fetches the generated plan, times
// the library's conversion and render, and marks the moment the chart is
// drawn the same way Cairn's page does (window.__ganttReadyAt and a
// data-ready attribute), so the Playwright spec reads every tool alike.
//
// "Interactive" for a library = from `data-parsed` (JSON.parse done) to
// after the render call returns *and* the next frame has been produced
// (requestAnimationFrame, then a task after it, so the paint that shows
// the chart is included). `data-arrived` (body read, before parsing) is
// recorded too, as Cairn's clock starts at the response end.

/* exported benchRun */
async function benchRun(lib) {
  const root = document.getElementById('gantt');
  const n = Number(new URLSearchParams(location.search).get('n') ?? '10000');
  const bench = (window.__bench = { name: lib.name, n });
  try {
    const res = await fetch(`/data/plan-${n}.json`);
    const text = await res.text();
    bench.arrivedAt = performance.mark('data-arrived').startTime;
    const plan = JSON.parse(text);
    bench.parsedAt = performance.mark('data-parsed').startTime;
    const data = lib.convert(plan);
    bench.convertedAt = performance.mark('converted').startTime;
    lib.render(root, data);
    bench.renderedAt = performance.mark('rendered').startTime;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    bench.readyAt = performance.mark('gantt-ready').startTime;
    bench.tasks = plan.tasks.length;
    bench.links = plan.links.length;
    bench.scrollSelector = lib.scrollSelector;
    window.__ganttReadyAt = bench.readyAt;
    root.setAttribute('data-ready', 'true');
  } catch (e) {
    bench.error = String(e && e.stack ? e.stack : e);
    root.setAttribute('data-ready', 'error');
    throw e;
  }
}
