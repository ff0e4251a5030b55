/**
 * The demo shop's products: a coffee-and-home store. Categories are planted so the behavioural models have
 * something to find: Coffee is a repeat consumable, Christmas decorations sell in Nov–Dec (seasonal), Furniture is
 * bought once (one-off), Garden peaks in spring and summer.
 */
export interface Product {
  name: string;
  sku: string;
  category: string;
  price: number;
}

function products(category: string, prefix: string, items: [string, number][]): Product[] {
  return items.map(([name, price], i) => ({
    name,
    sku: `${prefix}-${String(i + 1).padStart(3, '0')}`,
    category,
    price,
  }));
}

export const CATALOGUE: Record<string, Product[]> = {
  Coffee: products('Coffee', 'COF', [
    ['Espresso beans 1 kg', 24.9],
    ['Colombia Huila 250 g', 9.5],
    ['Ethiopia Yirgacheffe 250 g', 11.0],
    ['Decaf Swiss Water 250 g', 10.5],
    ['House blend 1 kg', 21.9],
    ['Cold brew pack', 14.0],
  ]),
  Tea: products('Tea', 'TEA', [
    ['Earl Grey loose leaf 100 g', 7.5],
    ['Sencha 100 g', 9.0],
    ['Rooibos vanilla 100 g', 6.5],
    ['Chai blend 100 g', 8.0],
  ]),
  Kitchen: products('Kitchen', 'KIT', [
    ['Pour-over dripper', 29.0],
    ['Burr grinder', 89.0],
    ['Milk frother', 39.0],
    ['Stoneware mug', 14.5],
    ['Glass carafe', 24.0],
    ['Digital scale', 34.0],
  ]),
  Garden: products('Garden', 'GAR', [
    ['Herb planter', 32.0],
    ['Watering can', 27.5],
    ['Terracotta pot set', 39.0],
    ['Seed collection', 12.0],
  ]),
  'Christmas decorations': products('Christmas decorations', 'XMS', [
    ['LED string lights', 24.0],
    ['Glass bauble set', 19.5],
    ['Advent calendar', 29.0],
    ['Wreath kit', 34.0],
  ]),
  Furniture: products('Furniture', 'FUR', [
    ['Oak coffee table', 449.0],
    ['Linen sofa', 1290.0],
    ['Reading chair', 620.0],
    ['Bookshelf', 380.0],
  ]),
  Accessories: products('Accessories', 'ACC', [
    ['Canvas tote', 18.0],
    ['Coffee notebook', 12.0],
    ['Travel tumbler', 26.0],
    ['Cleaning tablets', 9.0],
  ]),
  'Gift cards': products('Gift cards', 'GFT', [
    ['Gift card €25', 25.0],
    ['Gift card €50', 50.0],
  ]),
};

/** Months (1–12) and their weight for a category; absent = flat. */
export const SEASONALITY: Record<string, number[]> = {
  // Christmas decorations: almost all of their sales in November and December.
  'Christmas decorations': [0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.03, 0.08, 1.0, 1.2],
  Garden: [0.2, 0.3, 0.8, 1.2, 1.3, 1.2, 1.0, 0.8, 0.5, 0.3, 0.2, 0.2],
};
