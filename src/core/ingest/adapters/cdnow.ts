import { STAGING } from '../finish';
import { amountSql } from '../sniff/numbers';
import type { AdapterContext, FormatAdapter } from './context';

/**
 * CDNOW-style whitespace transactions (Fader & Hardie's CDNOW data as shipped with `lifetimes`): each line is one
 * purchase: `customer date(yyyymmdd) cds dollars` (CDNOW_master) or `master_id sample_id date cds dollars`
 * (CDNOW_sample); the customer is always the first token (the master id). There is no order id: the line number is.
 */
export const cdnowAdapter: FormatAdapter = {
  format: 'cdnow',
  async load({ db, readSql }: AdapterContext) {
    // The shared amount rule: a value DuckDB's cast reads as NaN or infinity (`NaN`, `inf`) is unreadable.
    const dollars = amountSql('t[len(t)]', false);
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT line FROM ${readSql}`);
    await db.run(`
      CREATE OR REPLACE TEMP TABLE cdnow_rows AS
      SELECT rowid + 1 AS source_row, regexp_split_to_array(trim(line), '\\s+') AS t FROM raw_import WHERE trim(line) <> '';
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT CAST(source_row AS VARCHAR) AS order_id, t[1] AS customer_id, CAST(NULL AS VARCHAR) AS email,
        try_strptime(t[len(t) - 2], '%Y%m%d') AS order_ts, t[len(t) - 2] AS raw_date,
        CAST(NULL AS INTEGER) AS utc_offset_minutes, ${dollars} AS gross_amount, t[len(t)] AS raw_amount,
        0.0 AS refunded_amount, 0.0 AS discount_amount, CAST(NULL AS VARCHAR) AS discount_code,
        CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS BOOLEAN) AS accepts_marketing, CAST(NULL AS VARCHAR) AS country,
        CAST(NULL AS VARCHAR) AS city, CAST(NULL AS VARCHAR) AS tags, false AS cancelled, source_row
      FROM cdnow_rows;
      INSERT INTO ${STAGING}order_lines
      SELECT CAST(source_row AS VARCHAR), NULL, NULL, NULL, ${amountSql('t[len(t) - 1]', false)}, ${dollars}
      FROM cdnow_rows;
      DROP TABLE cdnow_rows;`);
  },
};
