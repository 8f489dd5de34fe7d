import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';

// A model of a one-member MongoDB replica set that speaks the wire protocol, so that the specs of
// the MongoDB adapters run the real driver (server selection, read preference, read and write
// concerns, sessions, withTransaction and its retries) without a server. It is a model, not a
// database: documents are kept by collection, filters are equalities on top-level fields, updates
// replace whole documents, and a transaction's writes are applied when it commits. The real
// server is exercised by test/contract when MONGODB_URL is set.
//
// What it can do to its clients: step down for a while, as a primary does in an election (it then
// answers hello as a secondary of a set with no primary, serves only reads that allow a secondary
// and refuses the rest with NotWritablePrimary), and fail chosen commands, as the server's
// failCommand fail point does (an error reply with labels, or a closed connection).

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const SET_NAME = 'rs0';

type Doc = Record<string, unknown>;

export interface ReceivedCommand {
  name: string;
  db: string;
  body: Doc;
}

export interface CommandFailure {
  /** Command names to fail, e.g. `update`, `find`, `commitTransaction`. */
  commands: string[];
  /** How many of them fail, the first ones after this is set. */
  times: number;
  /** Close the connection instead of answering (a network error to the driver). */
  closeConnection?: boolean;
  errorCode?: number;
  codeName?: string;
  errorLabels?: string[];
}

const HELLO = new Set(['hello', 'ismaster', 'isMaster']);
/** Commands that need no primary. */
const ANY_MEMBER = new Set(['ping', 'endSessions', 'buildInfo', 'buildinfo', 'getParameter']);

export class ModelMongoServer {
  /** Every command received but the hellos of handshakes and monitoring, in order. */
  readonly commands: ReceivedCommand[] = [];
  private readonly collections = new Map<string, Map<string, Doc>>();
  /** The writes of open transactions, by session id and transaction number, applied at commit. */
  private readonly transactions = new Map<string, ReceivedCommand[]>();
  private readonly sockets = new Set<Socket>();
  private failures: CommandFailure[] = [];
  private primaryAgainAt = 0;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => this.serve(socket));
  }

  static async start(): Promise<ModelMongoServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ModelMongoServer(server);
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A connection string to this set's database `model`, with extra options (`readPreference=…`). */
  url(options = ''): string {
    return `mongodb://${this.host}/model?replicaSet=${SET_NAME}${options ? `&${options}` : ''}`;
  }

  commandsNamed(name: string): ReceivedCommand[] {
    return this.commands.filter((command) => command.name === name);
  }

  /** The committed documents of a collection. */
  documents(db: string, collection: string): Doc[] {
    return [...(this.collections.get(`${db}.${collection}`)?.values() ?? [])];
  }

  /** Acts as a primary stepping down for an election that lasts `ms`. */
  stepDown(ms: number): void {
    this.primaryAgainAt = Date.now() + ms;
  }

  failCommand(failure: CommandFailure): void {
    this.failures.push({ ...failure });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get isPrimary(): boolean {
    return Date.now() >= this.primaryAgainAt;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const message = pending.subarray(0, pending.readInt32LE(0));
        pending = pending.subarray(message.length);
        this.answer(socket, message);
      }
    });
  }

  private answer(socket: Socket, message: Buffer): void {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    const command = opCode === OP_QUERY ? readQuery(message) : readMsg(message);
    if (!HELLO.has(command.name)) this.commands.push(command);
    const failure = this.failureFor(command.name);
    if (failure?.closeConnection) {
      socket.destroy();
      return;
    }
    let reply: Doc;
    try {
      reply = failure ? errorReply(failure) : this.reply(command);
    } catch (error) {
      reply = { ok: 0, code: 115, codeName: 'CommandNotSupported', errmsg: (error as Error).message };
    }
    if (socket.destroyed) return;
    socket.write(opCode === OP_QUERY ? writeReply(requestId, reply) : writeMsg(requestId, reply));
  }

  private failureFor(name: string): CommandFailure | undefined {
    const failure = this.failures.find((f) => f.times > 0 && f.commands.includes(name));
    if (failure) failure.times -= 1;
    return failure;
  }

  private reply(command: ReceivedCommand): Doc {
    const { name, body } = command;
    if (HELLO.has(name)) return this.hello();
    const inTransaction = body.autocommit === false && name !== 'commitTransaction' && name !== 'abortTransaction';
    const secondaryRead = name === 'find' && isSecondaryOk(body.$readPreference);
    if (!this.isPrimary && !ANY_MEMBER.has(name) && !secondaryRead) {
      // As the server: in a transaction, an error that a retry may not meet is labelled transient.
      return errorReply({ commands: [], times: 0, errorCode: 10107, codeName: 'NotWritablePrimary', errorLabels: inTransaction ? ['TransientTransactionError'] : [] });
    }
    switch (name) {
      case 'find':
        return this.find(command);
      case 'insert':
      case 'update':
      case 'delete':
        if (inTransaction) {
          const key = transactionKey(body);
          this.transactions.set(key, [...(this.transactions.get(key) ?? []), command]);
          return { ok: 1, n: writesOf(command).length, nModified: 0 };
        }
        return this.write(command);
      case 'commitTransaction': {
        const key = transactionKey(body);
        for (const write of this.transactions.get(key) ?? []) this.write(write);
        this.transactions.delete(key);
        return { ok: 1 };
      }
      case 'abortTransaction':
        this.transactions.delete(transactionKey(body));
        return { ok: 1 };
      case 'aggregate':
      case 'findAndModify':
        throw new Error(`the model server does not run ${name}`);
      default:
        // ping, endSessions, create, createIndexes, drop, killCursors…: nothing to keep.
        return { ok: 1 };
    }
  }

  private hello(): Doc {
    const primary = this.isPrimary;
    return {
      ok: 1,
      isWritablePrimary: primary,
      ismaster: primary,
      secondary: !primary,
      setName: SET_NAME,
      setVersion: 1,
      hosts: [this.host],
      ...(primary ? { primary: this.host } : {}),
      me: this.host,
      minWireVersion: 0,
      maxWireVersion: 21, // MongoDB 7.0
      logicalSessionTimeoutMinutes: 30,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      connectionId: 1,
    };
  }

  private collection(db: string, name: string): Map<string, Doc> {
    const ns = `${db}.${name}`;
    let docs = this.collections.get(ns);
    if (!docs) this.collections.set(ns, (docs = new Map()));
    return docs;
  }

  private find({ db, body }: ReceivedCommand): Doc {
    const docs = [...this.collection(db, String(body.find)).values()].filter((doc) => matches(doc, (body.filter ?? {}) as Doc));
    const limit = typeof body.limit === 'number' && body.limit > 0 ? body.limit : docs.length;
    return { ok: 1, cursor: { id: BSON.Long.fromNumber(0), ns: `${db}.${String(body.find)}`, firstBatch: docs.slice(0, limit) } };
  }

  private write(command: ReceivedCommand): Doc {
    const { name, db, body } = command;
    const docs = this.collection(db, String(body[name]));
    let n = 0;
    const writeErrors: Doc[] = [];
    writesOf(command).forEach((write, index) => {
      if (name === 'insert') {
        const key = idKey(write._id);
        if (docs.has(key)) writeErrors.push({ index, code: 11000, errmsg: `E11000 duplicate key error: _id ${key}` });
        else (docs.set(key, write), n++);
      } else if (name === 'update') {
        const { q, u, upsert } = write as { q: Doc; u: Doc; upsert?: boolean };
        if (Object.keys(u).some((key) => key.startsWith('$'))) throw new Error('the model server replaces whole documents only');
        const found = [...docs.values()].find((doc) => matches(doc, q));
        const id = found?._id ?? (q._id as unknown);
        if (found || upsert) (docs.set(idKey(id), { _id: id, ...u }), n++);
      } else {
        for (const doc of [...docs.values()].filter((doc) => matches(doc, (write as { q: Doc }).q))) (docs.delete(idKey(doc._id)), n++);
      }
    });
    return writeErrors.length ? { ok: 1, n, writeErrors } : { ok: 1, n, nModified: n };
  }
}

/** Equalities on top-level fields, written as values or `$eq`, all of which must hold. */
function matches(doc: Doc, filter: Doc): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    const wanted = condition !== null && typeof condition === 'object' && '$eq' in condition ? (condition as Doc).$eq : condition;
    if (wanted !== null && typeof wanted === 'object') throw new Error(`the model server matches equalities only, not ${JSON.stringify(condition)}`);
    return (doc[field] ?? null) === wanted;
  });
}

function writesOf({ name, body }: ReceivedCommand): Doc[] {
  const key = name === 'insert' ? 'documents' : name === 'update' ? 'updates' : 'deletes';
  return (body[key] ?? []) as Doc[];
}

function isSecondaryOk(readPreference: unknown): boolean {
  const mode = (readPreference as { mode?: string } | undefined)?.mode;
  return mode !== undefined && mode !== 'primary';
}

function transactionKey(body: Doc): string {
  const lsid = body.lsid as { id: { toString(encoding: 'hex'): string } };
  return `${lsid.id.toString('hex')}:${String(body.txnNumber)}`;
}

function idKey(id: unknown): string {
  return JSON.stringify(id);
}

function errorReply(failure: CommandFailure): Doc {
  return {
    ok: 0,
    code: failure.errorCode ?? 8,
    codeName: failure.codeName ?? 'UnknownError',
    errmsg: `failed by the model server (${failure.codeName ?? failure.errorCode ?? 'UnknownError'})`,
    ...(failure.errorLabels?.length ? { errorLabels: failure.errorLabels } : {}),
  };
}

/** OP_QUERY: what the driver sends for the first hello of a connection. */
function readQuery(message: Buffer): ReceivedCommand {
  const nameEnd = message.indexOf(0, 20);
  const namespace = message.toString('utf8', 20, nameEnd);
  const at = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const body = BSON.deserialize(message.subarray(at, at + message.readInt32LE(at)));
  return { name: Object.keys(body)[0], db: namespace.split('.')[0], body };
}

/** OP_MSG: a body section (kind 0) and document sequences (kind 1, e.g. an update's `updates`). */
function readMsg(message: Buffer): ReceivedCommand {
  let body: Doc = {};
  const sequences: Doc = {};
  let at = 20;
  while (at < message.length) {
    const kind = message[at++];
    const size = message.readInt32LE(at);
    if (kind === 0) {
      body = BSON.deserialize(message.subarray(at, at + size));
    } else {
      const nameEnd = message.indexOf(0, at + 4);
      const docs: Doc[] = [];
      for (let doc = nameEnd + 1; doc < at + size; doc += message.readInt32LE(doc)) {
        docs.push(BSON.deserialize(message.subarray(doc, doc + message.readInt32LE(doc))));
      }
      sequences[message.toString('utf8', at + 4, nameEnd)] = docs;
    }
    at += size;
  }
  return { name: Object.keys(body)[0], db: String(body.$db), body: { ...body, ...sequences } };
}

function writeReply(responseTo: number, reply: Doc): Buffer {
  const doc = Buffer.from(BSON.serialize(reply));
  const out = Buffer.alloc(36 + doc.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(0, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_REPLY, 12);
  out.writeInt32LE(0, 16); // responseFlags
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  doc.copy(out, 36);
  return out;
}

function writeMsg(responseTo: number, reply: Doc): Buffer {
  const doc = Buffer.from(BSON.serialize(reply));
  const out = Buffer.alloc(21 + doc.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(0, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(0, 16); // flagBits
  out[20] = 0; // a body section
  doc.copy(out, 21);
  return out;
}
