import { describe, expect, it } from 'vitest';
import { buildExport, type ExportRow } from './exports';

const row = (over: Partial<ExportRow>): ExportRow => ({
  customer_id: 'c1',
  email: 'ann@example.com',
  subscribed: true,
  amount_spent: 120.5,
  number_of_orders: 3,
  last_order_date: '2026-10-01',
  rfm_group: 'Loyal',
  country: 'NL',
  city: 'Utrecht',
  ...over,
});

const rows: ExportRow[] = [
  row({}),
  row({ customer_id: 'c2', email: 'bob@example.com', subscribed: false }),
  row({ customer_id: 'c3', email: null }),
  row({ customer_id: 'c4', email: '=HYPERLINK("http://x","y")@example.com', city: '+31 Rotterdam', country: '-NL' }),
  row({ customer_id: 'c5', email: 'dee@example.com', city: 'Paris, "Left Bank"', amount_spent: -12.346 }),
];

describe('segment exports, byte for byte', () => {
  it('Mailchimp: consenting customers with an e-mail, tagged with the segment name', () => {
    const file = buildExport('mailchimp', rows, { segmentName: 'VIP, spring' });
    expect(file.text).toBe(
      'Email Address,Tags\r\n' +
        'ann@example.com,"VIP, spring"\r\n' +
        '"\'=HYPERLINK(""http://x"",""y"")@example.com","VIP, spring"\r\n' +
        'dee@example.com,"VIP, spring"\r\n',
    );
    expect(file).toMatchObject({ fileName: 'vip-spring-mailchimp.csv', rows: 3, withoutConsent: 1, withoutEmail: 1 });
  });

  it('Klaviyo: e-mail plus profile properties; the consent filter can be turned off', () => {
    const file = buildExport('klaviyo', rows.slice(0, 2), { segmentName: 'At risk', consentOnly: false });
    expect(file.text).toBe(
      'Email,Segmentlab Segment,Amount Spent,Number Of Orders,Last Order Date,Country\r\n' +
        'ann@example.com,At risk,120.5,3,2026-10-01,NL\r\n' +
        'bob@example.com,At risk,120.5,3,2026-10-01,NL\r\n',
    );
    expect(file.withoutConsent).toBe(0);
  });

  it('Shopify: the customer CSV columns with yes/no consent and the tag', () => {
    const file = buildExport('shopify', rows.slice(0, 2), { segmentName: '@admin' });
    expect(file.text).toBe(
      "First Name,Last Name,Email,Accepts Email Marketing,Tags\r\n,,ann@example.com,yes,'@admin\r\n",
    );
    expect(file.fileName).toBe('admin-shopify.csv');
  });

  it('plain CSV: every matching customer, formulas defused, quoted where needed, with a BOM', () => {
    const file = buildExport('customers', rows.slice(3), { segmentName: 'x' });
    expect(file.text).toBe(
      '\ufeffcustomer_id,email,accepts_marketing,amount_spent,number_of_orders,last_order_date,rfm_group,country,city\r\n' +
        'c4,"\'=HYPERLINK(""http://x"",""y"")@example.com",true,120.5,3,2026-10-01,Loyal,\'-NL,\'+31 Rotterdam\r\n' +
        'c5,dee@example.com,true,-12.35,3,2026-10-01,Loyal,NL,"Paris, ""Left Bank"""\r\n',
    );
    expect(file.rows).toBe(2);
  });

  it('plain CSV for a decimal-comma spreadsheet: semicolons and decimal commas', () => {
    const file = buildExport('customers', rows.slice(4), { segmentName: 'x', decimalComma: true });
    expect(file.text).toBe(
      '\ufeffcustomer_id;email;accepts_marketing;amount_spent;number_of_orders;last_order_date;rfm_group;country;city\r\n' +
        'c5;dee@example.com;true;-12,35;3;2026-10-01;Loyal;NL;"Paris, ""Left Bank"""\r\n',
    );
  });
});
