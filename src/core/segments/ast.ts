/** The segment query's syntax tree. Every node keeps the span of text it came from, for errors and the editor. */
export type Value =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'boolean'; value: boolean; start: number; end: number }
  | { kind: 'date'; value: string; start: number; end: number }
  | { kind: 'relative'; amount: number; unit: 'd' | 'w' | 'm' | 'y'; start: number; end: number }
  | { kind: 'today'; start: number; end: number };

export type Comparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { kind: 'compare'; attribute: string; op: Comparison; value: Value }
  | { kind: 'between'; attribute: string; low: Value; high: Value }
  | { kind: 'in'; attribute: string; negated: boolean; values: Value[] }
  | { kind: 'contains'; attribute: string; negated: boolean; value: Value }
  | { kind: 'startsWith'; attribute: string; value: Value }
  | { kind: 'isNull'; attribute: string; negated: boolean }
  | { kind: 'matches'; function: 'products_purchased' | 'orders_placed'; conditions: FunctionCondition[] }
  | { kind: 'segment'; negated: boolean; name: Value };

/** A condition inside MATCHES ( … ): `key op value`. */
export interface FunctionCondition {
  key: string;
  op: Comparison;
  value: Value;
  start: number;
  end: number;
}

export type Node =
  | ({ start: number; end: number; attributeStart: number; attributeEnd: number } & Condition)
  | { kind: 'and' | 'or'; left: Node; right: Node; start: number; end: number }
  | { kind: 'not'; operand: Node; start: number; end: number };
