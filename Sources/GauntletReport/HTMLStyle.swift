/// The report page's stylesheet, inline so the file stands alone: readable on screen, and on
/// paper (verdict colours kept, charts never split across pages, nothing hidden).
enum HTMLStyle {
    static let css = """
        :root { --ink: #1d2430; --muted: #5b6470; --line: #dfe3e8; --panel: #f7f8fa;
          --pass: #127a3a; --pass-bg: #e3f4e8; --warn: #8a5a00; --warn-bg: #fff3d6;
          --fail: #b3261e; --fail-bg: #fde7e5; --inconclusive: #5b4a9e; --inconclusive-bg: #ece8fa;
          --none: #45505e; --none-bg: #eef0f3; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 16px; margin: 22px 0 6px; }
        p { margin: 6px 0; }
        .subtitle { color: var(--muted); margin-bottom: 16px; }
        code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13.5px; }
        .banner { border-radius: 10px; padding: 16px 20px; margin: 14px 0 8px; border-left: 10px solid; }
        .banner .word { font-size: 30px; font-weight: 800; letter-spacing: .04em; margin-right: 14px; }
        .banner .headline { font-size: 17px; font-weight: 600; }
        .banner ul { margin: 8px 0 0; padding-left: 20px; }
        .banner li { font-weight: 600; }
        .v-pass { background: var(--pass-bg); border-color: var(--pass); color: var(--pass); }
        .v-warn { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); }
        .v-fail { background: var(--fail-bg); border-color: var(--fail); color: var(--fail); }
        .v-inconclusive { background: var(--inconclusive-bg); border-color: var(--inconclusive); color: var(--inconclusive); }
        .v-none { background: var(--none-bg); border-color: var(--none); color: var(--none); }
        .badge { display: inline-block; min-width: 92px; text-align: center; padding: 2px 8px; border-radius: 999px;
          font-weight: 700; font-size: 12.5px; letter-spacing: .05em; border: 1px solid; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--panel); font-weight: 600; font-size: 13.5px; color: #333c48; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        tr.missed td { background: #fff8f7; }
        .key { font-size: 11.5px; font-weight: 700; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; margin-left: 6px; }
        .reason { color: var(--muted); font-size: 13px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 10px 0; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
        .card .label { color: var(--muted); font-size: 13px; }
        .card .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .card .detail { color: var(--muted); font-size: 13px; }
        figure.chart { margin: 18px 0 26px; break-inside: avoid; page-break-inside: avoid; }
        figure.chart h3 { margin: 0 0 2px; }
        .chart-svg { width: 100%; height: auto; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        .chart-svg circle.pt:hover { fill-opacity: 1; }
        .legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13.5px; }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
        .swatch.dashed { border-top-style: dashed; }
        .swatch.area { width: 16px; height: 12px; border: 1px solid; opacity: .45; }
        .swatch-mark { flex: none; }
        figcaption { color: var(--muted); font-size: 13.5px; max-width: 900px; }
        .matrix td, .matrix th { text-align: right; padding: 4px 7px; font-size: 13px; }
        .matrix th.corner { text-align: left; }
        .note { color: var(--muted); font-size: 13.5px; }
        .note.warning { color: var(--warn); }
        .call-better { color: var(--pass); fill: var(--pass); font-weight: 700; }
        .call-worse { color: var(--fail); fill: var(--fail); font-weight: 700; }
        .call-same { color: var(--muted); fill: var(--muted); font-weight: 700; }
        .call-inconclusive { color: var(--inconclusive); fill: var(--inconclusive); font-weight: 700; }
        td.target { white-space: normal; overflow-wrap: anywhere; font-size: 13px; color: var(--muted); }
        table.side-by-side { width: auto; min-width: 55%; }
        table.side-by-side tbody th { white-space: nowrap; }
        table.narrow { width: auto; }
        table.quality th, table.quality td { padding: 6px 8px; }
        .pair-tables { display: flex; flex-wrap: wrap; gap: 8px 28px; align-items: flex-start; }
        .pair-tables table { width: auto; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        pre.source { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; white-space: pre-wrap; }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 10px; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          h2 { break-after: avoid; page-break-after: avoid; }
          table, .banner, .cards { break-inside: avoid; page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
