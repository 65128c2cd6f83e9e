// Interoperability check: reads an export written by nianbao with DuckDB
// (the engine researchers use on Parquet/CSV/JSONL) and compares the three
// formats cell by cell. Not run by `go test` (it needs npm); run by hand:
//
//   go test ./export -run TestInteropFiles -interop /tmp/x   # writes out.{parquet,csv,jsonl}
//   cp export/testdata/interop/duckdb_check.mjs /tmp/x && cd /tmp/x
//   npm install @duckdb/node-api && node duckdb_check.mjs
//
// Exit status 1 on any difference.
import { DuckDBInstance } from '@duckdb/node-api';

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const q = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson();
let failed = false;
const fail = (msg) => { console.log('FAIL', msg); failed = true; };

const types = Object.fromEntries((await q(`DESCRIBE SELECT * FROM 'out.parquet'`)).map(r => [r.column_name, r.column_type]));
const want = { url: 'VARCHAR', year: 'BIGINT', published: 'DATE', official: 'BOOLEAN',
  fetched_at: 'TIMESTAMP WITH TIME ZONE', app_new_total: 'BIGINT', art20_fees_wan_yuan: 'DECIMAL(18,4)' };
for (const [col, t] of Object.entries(want)) if (types[col] !== t) fail(`${col} is ${types[col]}, want ${t}`);

const csv = `read_csv('out.csv', all_varchar=true)`;
const n = await q(`SELECT (SELECT count(*) FROM 'out.parquet') p, (SELECT count(*) FROM ${csv}) c, (SELECT count(*) FROM read_json('out.jsonl')) j`);
if (n[0].p !== n[0].c || n[0].p !== n[0].j) fail(`row counts ${JSON.stringify(n[0])}`);

// Parquet vs CSV, every column, by row number: numbers compared as numbers,
// timestamps as instants, the rest as text.
for (const [col, t] of Object.entries(types)) {
  const norm = () => t.startsWith('DECIMAL') || t === 'BIGINT' ? `TRY_CAST("${col}" AS DOUBLE)`
    : t.startsWith('TIMESTAMP') ? `TRY_CAST("${col}" AS TIMESTAMPTZ)` : `CAST("${col}" AS VARCHAR)`;
  const r = await q(`SELECT count(*) d FROM
    (SELECT row_number() OVER () i, ${norm()} v FROM 'out.parquet') p JOIN
    (SELECT row_number() OVER () i, ${norm()} v FROM ${csv}) c USING (i)
    WHERE p.v IS DISTINCT FROM c.v`);
  if (r[0].d !== '0') fail(`${col}: ${r[0].d} rows differ between Parquet and CSV`);
}
// Parquet vs JSONL for two canonical fields.
for (const col of ['app_new_total', 'art20_fees_wan_yuan']) {
  const r = await q(`SELECT count(*) d FROM
    (SELECT row_number() OVER () i, CAST("${col}" AS DOUBLE) v FROM 'out.parquet') p JOIN
    (SELECT row_number() OVER () i, CAST(fields.${col} AS DOUBLE) v FROM read_json('out.jsonl')) j USING (i)
    WHERE p.v IS DISTINCT FROM j.v`);
  if (r[0].d !== '0') fail(`${col}: ${r[0].d} rows differ between Parquet and JSONL`);
}
console.log(failed ? 'FAIL' : `ok: ${n[0].p} rows, ${Object.keys(types).length} columns agree across Parquet, CSV and JSONL`);
process.exit(failed ? 1 : 0);
