import { describe, expect, it } from 'vitest';
import { autoMapColumns, normaliseHeader } from './columnMapping';

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
  it('uses an email column as the customer when there is no customer id', () => {
    expect(autoMapColumns(['order', 'e-mail', 'datum', 'total'])).toMatchObject({
      customer_id: 'e-mail',
      email: 'e-mail',
    });
  });
});
