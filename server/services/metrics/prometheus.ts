import type http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Raised } from '../sla/raise';

const PROCEDURE = /^[a-zA-Z]+(\.[a-zA-Z]+)+$/;

/** Procedure names of a tRPC request path ('/trpc/a.b,c.d?...'); anything unexpected is 'other' to keep labels few. */
export function proceduresOf(url: string): string[] {
  const path = url.split('?')[0]!.replace(/^\/trpc\//, '');
  return path.split(',').map((p) => (PROCEDURE.test(p) && p.length <= 60 ? p : 'other'));
}

/** A registry per server (tests run several in one process): process metrics plus the inbox's own counters. */
export function createPrometheus() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: 'inbox_trpc_requests_total',
    help: 'tRPC procedure calls by procedure and HTTP status',
    labelNames: ['procedure', 'status'],
    registers,
  });
  const claims = new Counter({
    name: 'inbox_claims_total',
    help: 'Claim attempts by outcome (ok = the HTTP call succeeded)',
    labelNames: ['outcome'],
    registers,
  });
  const subscribers = new Gauge({
    name: 'inbox_feed_subscribers',
    help: 'Open live-feed connections on this instance (WebSockets and SSE streams)',
    registers,
  });
  const alarms = new Counter({ name: 'inbox_sla_alarms_total', help: 'SLA warnings and breaches raised by this instance', labelNames: ['kind'], registers });
  const lateness = new Histogram({
    name: 'inbox_sla_alarm_lateness_seconds',
    help: 'How long after its due instant an SLA alarm was raised',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 60],
    registers,
  });
  return {
    registry,
    /** Counts a /trpc/ request once its response has finished; live-feed streams count while open. */
    track(req: http.IncomingMessage, res: http.ServerResponse): void {
      const procedures = proceduresOf(req.url ?? '');
      if (procedures.includes('events.feed')) {
        subscribers.inc();
        res.once('close', () => subscribers.dec());
      }
      res.once('finish', () => {
        for (const procedure of procedures) requests.inc({ procedure, status: String(res.statusCode) });
        if (procedures.includes('assignment.claim')) claims.inc({ outcome: res.statusCode < 300 ? 'ok' : 'refused' });
      });
    },
    /** A feed socket counts from its upgrade until it closes. */
    trackSocket(socket: { once(event: 'close', listener: () => void): unknown }): void {
      subscribers.inc();
      socket.once('close', () => subscribers.dec());
    },
    onSlaRaised(raised: Raised): void {
      for (const a of raised.alarms) {
        alarms.inc({ kind: a.kind });
        lateness.observe(Math.max(0, raised.raisedAt - a.at) / 1000);
      }
    },
    async respond(res: http.ServerResponse): Promise<void> {
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    },
  };
}
