import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Why the router answered itself instead of an app. */
export type RouterAnswer = 'not_found' | 'no_backend' | 'maintenance' | 'bad_gateway' | 'gateway_timeout' | 'bad_request';

const STATUS: Record<RouterAnswer, number> = {
  not_found: 404,
  no_backend: 503,
  maintenance: 503,
  bad_gateway: 502,
  gateway_timeout: 504,
  bad_request: 400,
};

const MESSAGE: Record<RouterAnswer, string> = {
  not_found: 'No application is configured for this host and path.',
  no_backend: 'The application has no running web process ready to take this request.',
  maintenance: 'The application is down for maintenance. Please try again later.',
  bad_gateway: 'The application did not answer this request.',
  gateway_timeout: 'The application took too long to answer this request.',
  bad_request: 'The request could not be understood.',
};

/** Operator-supplied HTML in place of the built-in pages. */
export type PageOverrides = Partial<Record<RouterAnswer, string>>;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlPage(answer: RouterAnswer): string {
  const title = answer === 'maintenance' ? 'Offline for maintenance' : `${STATUS[answer]} ${answer.replace('_', ' ')}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(MESSAGE[answer])}</p></body></html>\n`;
}

// API clients ask for JSON; browsers (and anything unspecific) get HTML.
function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const a = accept.toLowerCase();
  return a.includes('json') && !a.includes('text/html');
}

/** Status code of a router answer. */
export function answerStatus(answer: RouterAnswer): number {
  return STATUS[answer];
}

/** The body and headers of a router answer for a client sending `accept`. */
export function answerBody(answer: RouterAnswer, accept: string | undefined, requestId: string, pages: PageOverrides): { type: string; body: string } {
  if (wantsJson(accept)) return { type: 'application/json', body: `${JSON.stringify({ id: answer, message: MESSAGE[answer], request_id: requestId })}\n` };
  return { type: 'text/html; charset=utf-8', body: pages[answer] ?? htmlPage(answer) };
}

/** Answers `res` with the router's own page for `answer`. */
export function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: RouterAnswer, requestId: string, pages: PageOverrides): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { type, body } = answerBody(answer, req.headers.accept, requestId, pages);
  res.writeHead(STATUS[answer], {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
    ...(answer === 'maintenance' || answer === 'no_backend' ? { 'retry-after': '5' } : {}),
  });
  res.end(body);
}

/** Answers an upgrade request on its raw socket (no ServerResponse exists there) and closes it. */
export function sendAnswerOnSocket(req: IncomingMessage, socket: Duplex, answer: RouterAnswer, requestId: string, pages: PageOverrides): void {
  const { type, body } = answerBody(answer, req.headers.accept, requestId, pages);
  const status = STATUS[answer];
  socket.end(
    `HTTP/1.1 ${status} ${answer.replace('_', ' ')}\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}
