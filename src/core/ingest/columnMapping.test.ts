import { describe, expect, it } from 'vitest';
import { autoMapColumns, normaliseHeader, preferEmailToNames } from './columnMapping';

describe('autoMapColumns', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normaliseHeader('N° de Commande')).toBe('n de commande');
    expect(normaliseHeader('E-Mail_Adresse')).toBe('e mail adresse');
  });
  it.each([
    [
      ['Bestelnummer', 'Klantnummer', 'Besteldatum', 'Totaalbedrag'],
      'Bestelnummer',
      'Klantnummer',
      'Besteldatum',
      'Totaalbedrag',
    ],
    [
      ['N° de commande', 'Client', 'Date de commande', 'Montant'],
      'N° de commande',
      'Client',
      'Date de commande',
      'Montant',
    ],
    [
      ['Bestellnummer', 'Kundennummer', 'Bestelldatum', 'Betrag'],
      'Bestellnummer',
      'Kundennummer',
      'Bestelldatum',
      'Betrag',
    ],
    [['Order ID', 'Customer ID', 'Order Date', 'Order Total'], 'Order ID', 'Customer ID', 'Order Date', 'Order Total'],
  ])('maps %j', (columns, orderId, customer, date, amount) => {
    expect(autoMapColumns(columns)).toMatchObject({
      order_id: orderId,
      customer_id: customer,
      order_date: date,
      amount,
    });
  });
  it('skips a column empty in the sample for the order id (PayPal’s Invoice Number beside its Transaction ID)', () => {
    const columns = ['Date', 'Gross', 'Net', 'From Email Address', 'Transaction ID', 'Invoice Number'];
    const samples = { Date: ['01/05/2024'], Gross: ['40.00'], 'Transaction ID': ['1AB2'], 'Invoice Number': [] };
    expect(autoMapColumns(columns)).toMatchObject({ order_id: 'Invoice Number', amount: 'Gross' });
    expect(autoMapColumns(columns, samples)).toMatchObject({ order_id: 'Transaction ID', amount: 'Gross' });
  });
  it('reads Square’s Net Sales, not Total Collected (tax and tip), and no refund amount from Refund Reason', () => {
    const mapping = autoMapColumns(['Date', 'Gross Sales', 'Net Sales', 'Total Collected', 'Refund Reason']);
    expect(mapping.amount).toBe('Net Sales');
    expect(mapping.refunded).toBeUndefined();
  });
  it('takes Amazon’s item-price as the line’s amount, not a unit price', () => {
    const mapping = autoMapColumns([
      'amazon-order-id',
      'purchase-date',
      'buyer-email',
      'quantity-shipped',
      'item-price',
    ]);
    expect(mapping).toMatchObject({ amount: 'item-price', quantity: 'quantity-shipped' });
    expect(mapping.unit_price).toBeUndefined();
    expect(autoMapColumns(['Order', 'Date', 'Quantity', 'Item Price']).unit_price).toBe('Item Price');
  });
  it('does not take a type, status or name column for an id', () => {
    expect(autoMapColumns(['Date', 'Customer', 'Order Type', 'Amount']).order_id).toBeUndefined();
    expect(autoMapColumns(['Order Number', 'Order Date', 'Customer Name', 'Customer Email', 'Order Total'])).toEqual({
      order_id: 'Order Number',
      order_date: 'Order Date',
      amount: 'Order Total',
      email: 'Customer Email',
      customer_id: 'Customer Email',
    });
    expect(autoMapColumns(['Order Status', 'Financial Status']).status).toBe('Financial Status');
  });
  it('reads a Stripe payments export: the charge id is the order, not the (often empty) invoice id', () => {
    const columns = [
      'id',
      'Created date (UTC)',
      'Amount',
      'Amount Refunded',
      'Currency',
      'Customer ID',
      'Customer Email',
    ];
    expect(autoMapColumns([...columns, 'Status', 'Invoice ID'])).toMatchObject({
      order_id: 'id',
      customer_id: 'Customer ID',
      order_date: 'Created date (UTC)',
      amount: 'Amount',
      refunded: 'Amount Refunded',
    });
  });
  it('reads a BigCommerce export: the order total, not the refund, is the amount', () => {
    const columns = ['Order ID', 'Customer ID', 'Customer Email', 'Order Date', 'Order Status'];
    expect(
      autoMapColumns([...columns, 'Subtotal (inc tax)', 'Refund Amount', 'Order Total (inc tax)', 'Discount Amount']),
    ).toMatchObject({ amount: 'Order Total (inc tax)', refunded: 'Refund Amount', discount: 'Discount Amount' });
  });
  it('reads a Magento order grid: the customer group is no customer, the e-mail is', () => {
    const columns = ['ID', 'Purchase Date', 'Bill-to Name', 'Grand Total (Base)', 'Status', 'Customer Email'];
    expect(autoMapColumns([...columns, 'Customer Group', 'Customer Name', 'Total Refunded'])).toMatchObject({
      order_id: 'ID',
      customer_id: 'Customer Email',
      order_date: 'Purchase Date',
      amount: 'Grand Total (Base)',
      refunded: 'Total Refunded',
    });
  });
  it('reads a PrestaShop export: État is the order status', () => {
    const columns = ['ID', 'Référence', 'Nouveau client', 'Livraison', 'Client', 'Total', 'Paiement', 'État', 'Date'];
    expect(autoMapColumns(columns)).toMatchObject({
      order_id: 'ID',
      customer_id: 'Client',
      amount: 'Total',
      order_date: 'Date',
      status: 'État',
    });
  });
  it('uses an email column as the customer when there is no customer id', () => {
    expect(autoMapColumns(['order', 'e-mail', 'datum', 'total'])).toMatchObject({
      customer_id: 'e-mail',
      email: 'e-mail',
    });
  });
});

describe('preferEmailToNames', () => {
  const mapping = { customer_id: 'Billing customer', email: 'Contact email' };
  it('keys customers by e-mail when the customer column holds people’s names', () => {
    const samples = {
      'Billing customer': ['Ann Lee', 'Jean-Luc Picard', 'Zoë d’Arc', 'Bob Roe'],
      'Contact email': ['ann@example.com', 'jl@example.fr', 'zoe@example.fr', 'bob@example.com'],
    };
    expect(preferEmailToNames(mapping, samples)).toEqual({ customer_id: 'Contact email', email: 'Contact email' });
  });
  it('keeps a customer column of ids, or one without a usable e-mail column', () => {
    const ids = { 'Billing customer': ['C 1001', 'C 1002'], 'Contact email': ['a@example.com', 'b@example.com'] };
    expect(preferEmailToNames(mapping, ids)).toBe(mapping);
    const noEmails = { 'Billing customer': ['Ann Lee', 'Bob Roe'], 'Contact email': ['', 'n/a'] };
    expect(preferEmailToNames(mapping, noEmails)).toBe(mapping);
  });
});
