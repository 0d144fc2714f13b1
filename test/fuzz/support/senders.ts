import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';
import { FuzzCase } from './fuzz-case';

/** What came back: the status line, headers and body of the first response. */
export interface Observed {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The server closed the connection without answering (raw transport only). */
  noAnswer?: boolean;
  /** Raw transport: more of the response is still to come. */
  incomplete?: boolean;
}

const TIMEOUT_MS = 15_000;

export class Senders {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  send(c: FuzzCase): Promise<Observed> {
    if (c.transport === 'raw') return this.raw(c.raw ?? Buffer.alloc(0));
    if (c.transport === 'http') return this.http(c);
    return this.supertest(c);
  }

  close(): void {
    this.agent.destroy();
  }

  private async supertest(c: FuzzCase): Promise<Observed> {
    const client = request(`http://${this.host}:${this.port}`);
    let test = c.method === 'GET' ? client.get(c.path) : client.post(c.path);
    for (const [name, value] of c.headers) test = test.set(name, value as string);
    test = test
      // Bytes as they are: superagent would otherwise JSON-encode a Buffer sent as application/json.
      .serialize((data: unknown) => data as string)
      .timeout({ response: TIMEOUT_MS, deadline: TIMEOUT_MS * 2 })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    // A Buffer goes out byte for byte: superagent neither serialises it nor adds a Content-Type.
    const response = await (c.body ? test.send(c.body) : test);
    return { status: response.status, headers: response.headers as IncomingHttpHeaders, text: (response.body as Buffer).toString('utf8') };
  }

  /** node:http sends the request target as given (supertest would normalise it through WHATWG URL). */
  private http(c: FuzzCase): Promise<Observed> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of c.headers) headers[name] = value;
      // Framed explicitly: Node sends a GET or HEAD body with neither length nor chunking, which
      // would turn it into a second, garbage request on the connection.
      if (c.body) headers['content-length'] = String(c.body.length);
      const req = httpRequest({ host: this.host, port: this.port, method: c.method, path: c.path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(c.body);
    });
  }

  /**
   * Writes the bytes on a fresh socket and reads the first final response. The sending side
   * is closed only after a while (a body shorter than its Content-Length ends there): closing
   * it at once would make Node abort a request still being handled.
   */
  private raw(bytes: Buffer): Promise<Observed> {
    return new Promise((resolve) => {
      const socket = connect(this.port, this.host);
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(halfClose);
        clearTimeout(giveUp);
        socket.destroy();
        resolve(parseFirstResponse(Buffer.concat(chunks)));
      };
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (!parseFirstResponse(Buffer.concat(chunks)).incomplete) finish();
      });
      socket.on('error', () => undefined); // a reset after the answer is fine; the answer is judged
      socket.on('close', finish);
      const halfClose = setTimeout(() => socket.end(), 150);
      const giveUp = setTimeout(finish, 5_000);
      socket.write(bytes);
    });
  }
}

export function parseFirstResponse(received: Buffer): Observed {
  let bytes = received;
  // Skip interim answers (100 Continue): the final one is judged.
  while (/^HTTP\/1\.[01] 1\d\d /.test(bytes.subarray(0, 16).toString('latin1')) && bytes.indexOf('\r\n\r\n') >= 0) {
    bytes = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
  }
  const text = bytes.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!status || headEnd < 0) return { status: 0, headers: {}, text, noAnswer: true, incomplete: true };
  const headers: IncomingHttpHeaders = {};
  for (const line of text.slice(0, headEnd).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(headEnd + 4);
  let incomplete = false;
  const length = headers['content-length'] === undefined ? NaN : Number(headers['content-length']);
  if (Number.isInteger(length)) {
    incomplete = body.length < length;
    body = body.subarray(0, length);
  } else if (/chunked/i.test(String(headers['transfer-encoding'] ?? ''))) {
    incomplete = body.indexOf('0\r\n\r\n') < 0;
    body = dechunk(body);
  } else incomplete = true; // delimited by the end of the connection
  return { status: Number(status[1]), headers, text: body.toString('utf8'), incomplete };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
