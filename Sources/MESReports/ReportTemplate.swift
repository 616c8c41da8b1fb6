/// The report page, a Mustache template: one self-contained file, inline CSS and SVG, readable
/// on a laptop and printable. Charts arrive as SVG strings (`{{{...}}}`), text escaped (`{{...}}`).
enum ReportTemplate {
    static let page = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} — JetMES report</title>
    <style>
    body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #263238; margin: 0; background: #fafafa; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #cfd8dc; padding-bottom: 4px; }
    h3 { font-size: 14px; margin: 12px 0 4px; }
    p.meta, p.note { color: #546e7a; font-size: 13px; margin: 4px 0; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
    .card { background: #fff; border: 1px solid #cfd8dc; border-radius: 6px; padding: 10px 12px; }
    .card .name { font-size: 12px; color: #546e7a; }
    .card .value { font-size: 22px; font-weight: 600; margin: 2px 0; }
    .card .interval, .card .why { font-size: 11px; color: #78909c; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(370px, 1fr)); gap: 12px; }
    .panel { background: #fff; border: 1px solid #cfd8dc; border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 12px; width: 100%; background: #fff; }
    th, td { border-bottom: 1px solid #eceff1; padding: 4px 6px; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    th { background: #eceff1; }
    td.late { color: #c62828; font-weight: 600; }
    td.yes { color: #2e7d32; font-weight: 600; }
    svg { max-width: 100%; height: auto; }
    @media print { body { background: #fff; } .panel, .card { break-inside: avoid; } h2 { break-after: avoid; } }
    </style>
    </head>
    <body>
    <main>
    <h1>{{title}}</h1>
    {{#description}}<p class="meta">{{description}}</p>{{/description}}
    <p class="meta">{{meta}}</p>
    <p class="meta">{{source}}</p>

    <h2>Headline KPIs</h2>
    <div class="cards">
    {{#cards}}<div class="card"><div class="name">{{name}}</div><div class="value">{{value}}</div>{{#interval}}<div class="interval">95 % CI {{interval}}</div>{{/interval}}{{#why}}<div class="why">{{why}}</div>{{/why}}</div>
    {{/cards}}
    </div>

    <h2>OEE loss tree per machine</h2>
    <p class="note">ISO 22400-2, hours in the window, mean over the replications: planned operation time less planned downtime (PM, calibration) is the planned busy time; breakdowns, setups, starvation (idle), blocking and holds take it down to the actual production time; speed and quality losses to fully productive time. OEE = fully productive ÷ planned busy time.</p>
    <div class="grid">
    {{#machines}}<div class="panel"><h3>{{id}} — OEE {{oee}}</h3>{{{waterfall}}}<p class="note">availability {{availability}} · performance {{performance}} · quality {{quality}} · utilisation {{utilization}} · MTBF {{mtbf}} h · MTTR {{mttr}} h</p></div>
    {{/machines}}
    </div>

    <h2>Throughput and WIP over time</h2>
    <div class="grid">
    <div class="panel"><h3>Serials completed per {{binLabel}} (mean over replications)</h3>{{{throughputChart}}}</div>
    <div class="panel"><h3>Work in process, time-weighted (mean over replications)</h3>{{{wipChart}}}</div>
    <div class="panel"><h3>Serials completed per shift block</h3>{{{shiftChart}}}<p class="note">Clock blocks early 06–14, late 14–22, night 22–06 (UTC); mean per block in the window.</p></div>
    </div>

    <h2>Machine states (replication 1)</h2>
    <div class="panel">{{{gantt}}}</div>

    <h2>Statistical process control (replication 1)</h2>
    <p class="note">Individuals charts of every characteristic measured in the window, limits from the data (I-MR); red points break a Nelson rule; dashed orange lines are the drawing's specification limits.</p>
    <div class="grid">
    {{#spc}}<div class="panel"><h3>{{name}}</h3>{{{chart}}}<p class="note">{{summary}}</p></div>
    {{/spc}}
    {{^spc}}<p class="note">No characteristic has two or more results in the window.</p>{{/spc}}
    </div>

    <h2>Non-conformances</h2>
    <div class="grid">
    <div class="panel"><h3>NCRs by characteristic (per replication)</h3>{{{paretoCharacteristic}}}</div>
    <div class="panel"><h3>NCRs by inspection plan (per replication)</h3>{{{paretoInspection}}}</div>
    </div>

    <h2>Lead time and due dates</h2>
    <div class="grid">
    <div class="panel"><h3>Lead time of completed work orders (all replications)</h3>{{{leadTimeChart}}}</div>
    </div>
    <h3>Work orders (replication 1)</h3>
    <div class="panel"><table>
    <tr><th>work order</th><th>part</th><th>qty</th><th>released h</th><th>completed h</th><th>due h</th><th>lateness h</th><th>status</th></tr>
    {{#orders}}<tr><td>{{id}}</td><td>{{part}}</td><td>{{quantity}}</td><td>{{released}}</td><td>{{completed}}</td><td>{{due}}</td><td{{#late}} class="late"{{/late}}>{{lateness}}</td><td>{{status}}</td></tr>
    {{/orders}}
    </table>{{#ordersTruncated}}<p class="note">{{ordersTruncated}}</p>{{/ordersTruncated}}</div>

    {{#schedule}}
    <h2>Schedule risk</h2>
    <p class="note">The plan was followed (policy: {{policy}}): each machine works its planned sequence, starting a booking no earlier than planned and as soon as the job, the machine and an operator allow. Late means completed after the exact due time, or not completed although due within the horizon; short, completed with serials scrapped; lateness is completion less due; the cause is the one found when the most delayed booking of a late order should have started. (The MES keeps due dates as days, so its on-time figure above can differ.)</p>
    <div class="panel"><table>
    <tr><th>plan order</th><th>due h</th><th>P(late)</th><th>P(short)</th><th>mean lateness h</th><th>95 % CI</th><th>90th pct h</th><th>most frequent cause of delay</th></tr>
    {{#orders}}<tr><td>{{id}}</td><td>{{due}}</td><td{{#risky}} class="late"{{/risky}}>{{pLate}}</td><td>{{pShort}}</td><td>{{lateness}}</td><td>{{interval}}</td><td>{{p90}}</td><td>{{cause}}</td></tr>
    {{/orders}}
    </table></div>
    <div class="grid">
    <div class="panel"><h3>Planned versus simulated utilisation (booked working time; Execute + Setup)</h3><table><tr><th>machine</th><th>planned</th><th>simulated</th></tr>
    {{#machines}}<tr><td>{{id}}</td><td>{{planned}}</td><td>{{simulated}}</td></tr>{{/machines}}
    </table></div>
    <div class="panel"><h3>Plan adherence: start deviation (actual − planned, h)</h3>{{{deviationChart}}}<p class="note">mean {{deviation}} h, 90th percentile {{deviation90}} h; jobs taken out of sequence per replication: {{sequence}}; bookings not started by the horizon: {{notStarted}} (counted with their delay up to the horizon)</p></div>
    </div>
    <h3>Planned versus run (replication 1)</h3>
    <div class="panel">{{{gantt}}}</div>
    {{/schedule}}

    {{#hasVariants}}
    <h2>Variants against the base (common random numbers)</h2>
    <p class="note">Each variant ran on the base's seeds. The difference is variant minus base, replication by replication, with its 95 % Student-t interval; where the interval excludes zero the difference is not chance.</p>
    {{#variants}}<h3>{{name}} ({{dispatching}})</h3>
    <div class="panel"><table>
    <tr><th>KPI</th><th>base</th><th>{{name}}</th><th>difference</th><th>95 % CI of the difference</th><th>excludes 0</th></tr>
    {{#rows}}<tr><td>{{kpi}}</td><td>{{base}}</td><td>{{variant}}</td><td>{{difference}}</td><td>{{interval}}</td><td{{#significant}} class="yes"{{/significant}}>{{excludesZero}}</td></tr>
    {{/rows}}
    </table></div>
    {{/variants}}
    {{/hasVariants}}

    <p class="meta">Written by JetMES from the MES record. Tables: plant.csv, machines.csv, replications.csv, workorders.csv, ncr-pareto.csv; figures: kpis.json.</p>
    </main>
    </body>
    </html>
    """#
}
