import type { CanonicalField, ColumnMapping } from './types';

/**
 * Finds the canonical fields among a file's column names, in English, Dutch, French and German. Names are compared
 * normalised (lower case, accents and punctuation removed), exact synonyms first, then synonyms contained in the name.
 */
const SYNONYMS: Record<CanonicalField, string[]> = {
  order_id: [
    'order id',
    'id',
    'order',
    'order number',
    'order no',
    'order nr',
    'orderid',
    'ordernumber',
    'invoice',
    'invoice no',
    'invoiceno',
    'invoice number',
    'transaction id',
    'bestelnummer',
    'ordernummer',
    'bestelling',
    'factuur',
    'factuurnummer',
    'commande',
    'n de commande',
    'no de commande',
    'numero de commande',
    'id commande',
    'facture',
    'bestellnummer',
    'bestellung',
    'auftragsnummer',
    'rechnung',
    'rechnungsnummer',
  ],
  customer_id: [
    'customer id',
    'customer',
    'customerid',
    'customer number',
    'client id',
    'user id',
    // Marketplaces: Etsy's `Buyer User ID` in its sold orders, `Buyer` (the buyer's user name) in its order items.
    'buyer user id',
    'buyer',
    'klant',
    'klant id',
    'klantnummer',
    'klantnr',
    'client',
    'id client',
    'numero client',
    'n client',
    'kunde',
    'kunden id',
    'kundennummer',
    'kundennr',
  ],
  order_date: [
    'order date',
    'date',
    'created at',
    'created',
    'orderdate',
    'invoice date',
    'invoicedate',
    'purchase date',
    'transaction date',
    'timestamp',
    'datum',
    'besteldatum',
    'orderdatum',
    'factuurdatum',
    'date de commande',
    'date commande',
    'date de facture',
    'bestelldatum',
    'rechnungsdatum',
    'auftragsdatum',
  ],
  amount: [
    'amount',
    'total',
    'order total',
    'total amount',
    'revenue',
    'sales',
    'value',
    'totaal',
    'bedrag',
    'omzet',
    'totaalbedrag',
    'montant',
    'total ttc',
    'montant total',
    'chiffre d affaires',
    'betrag',
    'summe',
    'gesamt',
    'gesamtbetrag',
    'umsatz',
    'dollar value',
    // Payment processors: PayPal's `Gross` (before its fee; `Net` is after it), Square's `Net Sales` (after
    // discounts, before tax and tip, as an order total after its discount is).
    'gross',
    'gross amount',
    'net sales',
  ],
  email: ['email', 'e mail', 'email address', 'customer email', 'mail', 'e mailadres', 'courriel', 'adresse e mail'],
  product: [
    'product',
    'product name',
    'lineitem name',
    'line item name',
    'item name',
    'item',
    'description',
    'artikel',
    'productnaam',
    'omschrijving',
    'produit',
    'article',
    'designation',
    'produkt',
    'artikelname',
    'bezeichnung',
  ],
  sku: ['sku', 'stockcode', 'stock code', 'product id', 'artikelnummer', 'reference', 'ref', 'ean'],
  category: ['category', 'product type', 'categorie', 'productgroep', 'categorie produit', 'kategorie', 'warengruppe'],
  quantity: [
    'quantity',
    'qty',
    'units',
    'aantal',
    'hoeveelheid',
    'quantite',
    'qte',
    'menge',
    'anzahl',
    'number of cds',
  ],
  unit_price: [
    'unit price',
    'unitprice',
    'price',
    'item price',
    'prijs',
    'stukprijs',
    'prix',
    'prix unitaire',
    'preis',
    'einzelpreis',
    'stuckpreis',
  ],
  discount: ['discount', 'discounts', 'discount amount', 'korting', 'remise', 'rabatt'],
  discount_code: ['discount code', 'coupon', 'coupon code', 'kortingscode', 'code promo', 'gutschein', 'gutscheincode'],
  refunded: ['refunded', 'refunded amount', 'refund', 'terugbetaald', 'rembourse', 'erstattet'],
  accepts_marketing: [
    'accepts marketing',
    'marketing consent',
    'newsletter',
    'opt in',
    'subscribed',
    'nieuwsbrief',
    'consentement',
    'einwilligung',
  ],
  country: ['country', 'billing country', 'land', 'pays', 'country code'],
  city: ['city', 'billing city', 'plaats', 'stad', 'woonplaats', 'ville', 'stadt', 'ort'],
  currency: ['currency', 'valuta', 'devise', 'monnaie', 'wahrung'],
  tags: ['tags', 'labels', 'etiketten', 'etiquettes'],
  status: ['status', 'financial status', 'order status', 'statut', 'etat', 'bestelstatus'],
};

/** Every field a column can be mapped to, in the order the mapping step and `--columns` list them. */
export const CANONICAL_FIELDS = Object.keys(SYNONYMS) as CanonicalField[];

/** Lower case, accents stripped, anything but letters and digits turned into single spaces. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Does the header name a per-customer summary rather than orders: `frequency` and `recency` (lifetimes'
 * `summary_data_from_transaction_data`, and the BG/BB donation summaries), `x` and `t_x` (Fader and Hardie's
 * notation), or a spend and an order count per customer (Shopify's and WooCommerce's customer exports: `Total Spent`
 * and `Total Orders`)? Such a file has no order dates or amounts to pick, so the mapping step would only invite a
 * wrong choice.
 */
export function isCustomerSummary(columns: string[]): boolean {
  const names = new Set(columns.map(normaliseHeader));
  const any = (...candidates: string[]) => candidates.some((name) => names.has(name));
  return (
    (names.has('frequency') && names.has('recency')) ||
    (names.has('x') && names.has('t x')) ||
    (any('total spent', 'amount spent', 'money spent', 'total spend') &&
      any('total orders', 'orders count', 'number of orders', 'order count', 'orders'))
  );
}

/**
 * Words that make a column about something else than the field a contained synonym names: `Order Type`, `Order
 * Status`, `Customer Name` and Magento's `Customer Group` contain "order" and "customer" but hold no id; `Refund
 * Amount` and `Total Discount` hold no order amount. Such a name matches only a synonym that has the word itself
 * (`product name`, `financial status`, `refund`). Square's `Refund Reason` holds text, PayPal's `Reference Txn ID` the
 * payment a refund returns (see adapters/generic.ts), neither a refund amount nor a SKU.
 */
const QUALIFIERS = new Set([
  'refund',
  'refunded',
  'discount',
  'fee',
  'fees',
  'group',
  'groep',
  'groupe',
  'gruppe',
  'type',
  'status',
  'name',
  'note',
  'notes',
  'method',
  'count',
  'source',
  'channel',
  'naam',
  'soort',
  'reason',
  'txn',
  'nom',
  'statut',
  'typ',
]);

const qualifiedAway = (name: string, synonym: string) =>
  name.split(' ').some((word) => QUALIFIERS.has(word) && !synonym.split(' ').includes(word));

/** Fields that a column with no value in the sample cannot hold: PayPal's `Invoice Number` is empty on most rows. */
const NEEDS_VALUES: CanonicalField[] = ['order_id', 'order_date', 'amount'];

/**
 * Picks, for each field, the first column whose normalised name is a synonym (exact), else one containing one. With
 * the sampled values, a column empty throughout the sample is not taken for the order id, date or amount (PayPal's
 * `Invoice Number` beside its `Transaction ID`).
 */
export function autoMapColumns(columns: string[], samples?: Record<string, string[]>): ColumnMapping {
  const normalised = columns.map(normaliseHeader);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  const take = (field: CanonicalField, index: number) => {
    mapping[field] = columns[index];
    used.add(index);
  };
  const empty = (index: number) =>
    samples !== undefined && !(samples[columns[index]] ?? []).some((value) => value.trim() !== '');
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of Object.keys(SYNONYMS) as CanonicalField[]) {
      if (mapping[field]) continue;
      for (const synonym of SYNONYMS[field]) {
        const index = normalised.findIndex(
          (name, i) =>
            !used.has(i) &&
            !(NEEDS_VALUES.includes(field) && empty(i)) &&
            (pass === 'exact'
              ? name === synonym
              : synonym.length > 3 && ` ${name} `.includes(` ${synonym} `) && !qualifiedAway(name, synonym)),
        );
        if (index >= 0) {
          take(field, index);
          break;
        }
      }
    }
  }
  amazonLineAmounts(columns, mapping);
  // An email column identifies customers when there is no customer id (Shopify does the same).
  if (!mapping.customer_id && mapping.email) mapping.customer_id = mapping.email;
  return mapping;
}

/**
 * Amazon Seller Central's order and shipment reports (`amazon-order-id` or `order-item-id` beside `item-price`) write
 * `item-price` as the amount of the row's item line, "aggregates of the quantity, not unit prices" (Seller Central
 * help, "Order Report" field definitions): it is the row's amount, not a price to multiply by the quantity.
 */
function amazonLineAmounts(columns: string[], mapping: ColumnMapping): void {
  const names = new Set(columns.map((c) => c.trim().toLowerCase()));
  const amazon = names.has('amazon-order-id') || names.has('order-item-id') || names.has('amazon-order-item-id');
  const price = columns.find((c) => c.trim().toLowerCase() === 'item-price');
  if (!amazon || price === undefined || (mapping.amount && mapping.amount !== price)) return;
  mapping.amount = price;
  if (mapping.unit_price === price) delete mapping.unit_price;
}

const PERSON_NAME = /^\p{L}[\p{L}'’.-]*( [\p{L}'’.-]+)+$/u;
/** An e-mail address, loosely: something@domain.tld without spaces. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A customer column of people's names (Wix's `Billing customer`: "Ann Lee") is a poor key when the file also has
 * e-mail addresses: two John Smiths would merge and one person spelt two ways would split. The e-mail is then the
 * customer, as Shopify identifies customers. Names: four in five of the sampled values are words with a space,
 * no digit and no @; the e-mail column must hold e-mail addresses as often.
 */
export function preferEmailToNames(mapping: ColumnMapping, samples: Record<string, string[]>): ColumnMapping {
  const { customer_id: customer, email } = mapping;
  if (!customer || !email || customer === email) return mapping;
  const mostly = (column: string, pattern: RegExp) => {
    const values = (samples[column] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    return values.length > 0 && values.filter((v) => pattern.test(v)).length >= values.length * 0.8;
  };
  return mostly(customer, PERSON_NAME) && mostly(email, EMAIL) ? { ...mapping, customer_id: email } : mapping;
}
