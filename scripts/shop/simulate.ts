import { CATALOGUE, SEASONALITY, type Product } from './catalogue';
import { FIRST_NAMES, LAST_NAMES, PLACES, type Place } from './people';
import { Random } from './random';

const DAY = 86_400_000;

/** Buying habits planted in the demo shop (scripts/README.md lists them with their rules). */
export type Persona =
  'one_time' | 'weekly' | 'monthly' | 'quarterly' | 'occasional' | 'big_spender' | 'discount_hunter' | 'black_friday';

const PERSONAS: { value: Persona; weight: number }[] = [
  { value: 'one_time', weight: 52 },
  { value: 'weekly', weight: 3 },
  { value: 'monthly', weight: 9 },
  { value: 'quarterly', weight: 12 },
  { value: 'occasional', weight: 14 },
  { value: 'big_spender', weight: 1 },
  { value: 'discount_hunter', weight: 5 },
  { value: 'black_friday', weight: 4 },
];

/** Typical days between orders per persona (each customer gets their own value around it). */
const TYPICAL_GAP: Record<Persona, number> = {
  one_time: 0,
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  occasional: 180,
  big_spender: 45,
  discount_hunter: 60,
  black_friday: 120,
};

export interface Customer {
  id: number;
  email: string;
  name: string;
  persona: Persona;
  place: Place;
  city: string;
  acceptsMarketing: boolean;
  tags: string;
  /** Preferred weekday (0 = Sunday) and hour, or null for no habit. */
  weekday: number | null;
  hour: number | null;
}

export interface Line {
  product: Product;
  quantity: number;
}

export interface Order {
  /** Local wall-clock time as ms since epoch "as if UTC" plus the printed offset. */
  localMs: number;
  offsetMinutes: number;
  customer: Customer | null;
  lines: Line[];
  discountCode: string | null;
  discountAmount: number;
  refundedAmount: number;
  refunded: boolean;
  cancelled: boolean;
}

export interface ShopOptions {
  seed: number;
  customers: number;
  start: Date;
  end: Date;
}

/** European and British summer time: last Sunday of March to last Sunday of October (EU Directive 2000/84/EC). */
function isSummerTime(ms: number): boolean {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay());
  };
  return ms >= lastSunday(2) && ms < lastSunday(9);
}

function makeCustomer(random: Random, id: number): Customer {
  const persona = random.weighted(PERSONAS);
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const place = random.weighted(PLACES.map((p) => ({ value: p, weight: p.weight })));
  const local = `${first}.${last.replace(/ /g, '')}${id}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // A few customers typed their address with capitals; Shopify keeps it as typed (the importer must lower-case).
  const email = `${random.chance(0.03) ? local : local.toLowerCase()}@example.com`;
  const habit = random.next();
  return {
    id,
    email,
    name: `${first} ${last}`,
    persona,
    place,
    city: random.pick(place.cities),
    acceptsMarketing: random.chance(persona === 'discount_hunter' ? 0.9 : 0.6),
    tags:
      persona === 'big_spender' ? 'vip' : random.chance(0.04) ? 'wholesale' : random.chance(0.2) ? 'newsletter' : '',
    // A third buy on Sunday evening, a fifth at weekday lunchtime, the rest whenever.
    weekday: habit < 0.33 ? 0 : habit < 0.53 ? random.int(1, 5) : null,
    hour: habit < 0.33 ? random.int(19, 21) : habit < 0.53 ? 12 : null,
  };
}

function pickProduct(random: Random, persona: Persona, month: number, boughtFurniture: boolean): Product {
  const weights: Record<string, number> = {
    Coffee: persona === 'weekly' || persona === 'monthly' ? 60 : 25,
    Tea: 12,
    Kitchen: 14,
    Garden: 8,
    'Christmas decorations': 6,
    Furniture: boughtFurniture ? 0 : persona === 'big_spender' ? 8 : 1.2,
    Accessories: 10,
    'Gift cards': 3,
  };
  const category = random.weighted(
    Object.entries(weights).map(([name, weight]) => ({
      value: name,
      weight: weight * (SEASONALITY[name]?.[month] ?? 1),
    })),
  );
  return random.pick(CATALOGUE[category]);
}

function orderTime(random: Random, customer: Customer, day: number): { localMs: number; offsetMinutes: number } {
  let dayMs = day;
  if (customer.weekday !== null && random.chance(0.75)) {
    const weekday = new Date(dayMs).getUTCDay();
    dayMs += ((customer.weekday - weekday + 7) % 7) * DAY;
  }
  const hour =
    customer.hour !== null && random.chance(0.8)
      ? customer.hour
      : random.weighted([
          { value: random.int(7, 11), weight: 3 },
          { value: random.int(12, 17), weight: 4 },
          { value: random.int(18, 22), weight: 5 },
          { value: random.int(0, 6), weight: 0.5 },
        ]);
  const localMs = dayMs + hour * 3_600_000 + random.int(0, 3599) * 1000;
  const [winter, summer] = customer.place.offsets;
  return { localMs, offsetMinutes: isSummerTime(localMs) ? summer : winter };
}

function discountFor(
  random: Random,
  customer: Customer,
  isFirst: boolean,
  month: number,
  blackFriday: boolean,
): string | null {
  if (blackFriday && (customer.persona === 'black_friday' || random.chance(0.5))) return 'BLACKFRIDAY25';
  if (customer.persona === 'discount_hunter') return random.pick(['WELCOME10', 'SUMMER20', 'SAVE15', 'FLASH20']);
  if (isFirst && random.chance(0.15)) return 'WELCOME10';
  if (month >= 5 && month <= 7 && random.chance(0.1)) return 'SUMMER20';
  if (customer.tags === 'vip' && random.chance(0.3)) return 'VIP15';
  return null;
}

const CODE_RATE: Record<string, number> = {
  WELCOME10: 0.1,
  SUMMER20: 0.2,
  SAVE15: 0.15,
  FLASH20: 0.2,
  BLACKFRIDAY25: 0.25,
  VIP15: 0.15,
};

/** Black Friday weekend (Friday after the fourth Thursday of November) through Cyber Monday. */
function isBlackFridayWeekend(ms: number): boolean {
  const d = new Date(ms);
  if (d.getUTCMonth() !== 10) return false;
  const firstThursday = ((4 - new Date(Date.UTC(d.getUTCFullYear(), 10, 1)).getUTCDay() + 7) % 7) + 1;
  const friday = firstThursday + 22;
  return d.getUTCDate() >= friday && d.getUTCDate() <= friday + 3;
}

function blackFridayDay(year: number): number {
  const firstThursday = ((4 - new Date(Date.UTC(year, 10, 1)).getUTCDay() + 7) % 7) + 1;
  return Date.UTC(year, 10, firstThursday + 22);
}

/** Simulates every order of the shop, returned in time order. */
export function simulateShop(options: ShopOptions): { orders: Order[]; customers: Customer[] } {
  const random = new Random(options.seed);
  const start = Date.UTC(options.start.getUTCFullYear(), options.start.getUTCMonth(), options.start.getUTCDate());
  const end = Date.UTC(options.end.getUTCFullYear(), options.end.getUTCMonth(), options.end.getUTCDate());
  const span = end - start;
  const orders: Order[] = [];
  const customers: Customer[] = [];
  for (let id = 1; id <= options.customers; id++) {
    const customer = makeCustomer(random, id);
    customers.push(customer);
    // Acquisition grows over time (sqrt skews later); Black Friday customers arrive on a Black Friday weekend.
    let day: number;
    if (customer.persona === 'black_friday') {
      const years = [2023, 2024, 2025].filter((y) => blackFridayDay(y) >= start && blackFridayDay(y) < end);
      day = blackFridayDay(random.pick(years)) + random.int(0, 3) * DAY;
    } else {
      day = start + Math.floor((Math.sqrt(random.next()) * span) / DAY) * DAY;
    }
    const gapDays = TYPICAL_GAP[customer.persona] * Math.exp(random.normal() * 0.35);
    // BG/NBD-style dropout: after each order a repeat customer may quietly stop buying.
    const dropout = customer.persona === 'weekly' ? 0.03 : customer.persona === 'one_time' ? 1 : 0.12;
    let boughtFurniture = false;
    for (let n = 0; day < end; n++) {
      const { localMs, offsetMinutes } = orderTime(random, customer, day);
      if (localMs >= end) break;
      const month = new Date(localMs).getUTCMonth();
      const lineCount =
        customer.persona === 'big_spender'
          ? random.int(2, 5)
          : random.weighted([
              { value: 1, weight: 6 },
              { value: 2, weight: 3 },
              { value: 3, weight: 1.5 },
              { value: 4, weight: 0.5 },
            ]);
      const lines: Line[] = [];
      for (let l = 0; l < lineCount; l++) {
        const product = pickProduct(random, customer.persona, month, boughtFurniture);
        if (product.category === 'Furniture') boughtFurniture = true;
        if (lines.some((line) => line.product === product)) continue;
        lines.push({
          product,
          quantity:
            customer.persona === 'big_spender'
              ? random.int(1, 4)
              : random.weighted([
                  { value: 1, weight: 8 },
                  { value: 2, weight: 2 },
                  { value: 3, weight: 0.5 },
                ]),
        });
      }
      const code = discountFor(random, customer, n === 0, month, isBlackFridayWeekend(localMs));
      const subtotal = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
      const discountAmount = code ? Math.round(subtotal * CODE_RATE[code] * 100) / 100 : 0;
      const refundRoll = random.next();
      const cancelled = refundRoll < 0.005;
      const fullRefund = !cancelled && refundRoll < 0.015;
      const partialRefund = !cancelled && !fullRefund && refundRoll < 0.045;
      const total = subtotal - discountAmount + (subtotal < 50 ? 4.95 : 0);
      orders.push({
        localMs,
        offsetMinutes,
        customer,
        lines,
        discountCode: code,
        discountAmount,
        refundedAmount:
          fullRefund || cancelled
            ? Math.round(total * 100) / 100
            : partialRefund
              ? Math.min(lines[0].product.price, Math.round(total * 50) / 100)
              : 0,
        refunded: fullRefund,
        cancelled,
      });
      if (random.chance(dropout)) break;
      day += Math.max(1, Math.round(gapDays * Math.exp(random.normal() * 0.25))) * DAY;
      day = Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), new Date(day).getUTCDate());
    }
  }
  // Guest checkouts: about 5% of orders, one each, no email.
  const guests = Math.round(orders.length * 0.05);
  const guest: Customer = {
    id: 0,
    email: '',
    name: '',
    persona: 'one_time',
    place: PLACES[0],
    city: '',
    acceptsMarketing: false,
    tags: '',
    weekday: null,
    hour: null,
  };
  for (let g = 0; g < guests; g++) {
    const place = random.weighted(PLACES.map((p) => ({ value: p, weight: p.weight })));
    const day = start + Math.floor((random.next() * span) / DAY) * DAY;
    const { localMs, offsetMinutes } = orderTime(random, { ...guest, place }, day);
    const product = pickProduct(random, 'one_time', new Date(localMs).getUTCMonth(), false);
    orders.push({
      localMs,
      offsetMinutes,
      customer: null,
      lines: [{ product, quantity: 1 }],
      discountCode: null,
      discountAmount: 0,
      refundedAmount: 0,
      refunded: false,
      cancelled: false,
    });
  }
  orders.sort((a, b) => a.localMs - a.offsetMinutes * 60_000 - (b.localMs - b.offsetMinutes * 60_000));
  return { orders, customers };
}
