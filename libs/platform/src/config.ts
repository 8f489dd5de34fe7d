import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, Validate, ValidateIf, ValidatorConstraint, validateSync, type ValidatorConstraintInterface } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The names proxy-addr (Fastify's trustProxy) gives to address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An IP address, a CIDR range of them, or a range name: what TRUST_PROXY may list. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

@ValidatorConstraint({ name: 'proxyList' })
class ProxyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.split(',').every((entry) => isProxyAddress(entry.trim()));
  }
  defaultMessage(): string {
    return 'TRUST_PROXY must list the reverse proxies\' addresses, separated by commas: IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal';
  }
}

/**
 * Configuration is environment variables, validated at start-up (architecture.md item 13).
 * With none set, everything runs embedded under ./data.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT = 3000;

  @IsString()
  DATA_DIR = './data';

  /** The largest attachment accepted, in bytes; larger uploads are refused with 413. */
  @Transform(toInt)
  @IsInt({ message: 'MAX_UPLOAD_BYTES must be a whole number of bytes' })
  @Min(1, { message: 'MAX_UPLOAD_BYTES must be at least 1' })
  @Max(1024 * 1024 * 1024, { message: 'MAX_UPLOAD_BYTES must be at most 1073741824 (1 GiB)' })
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  @IsIn(['sqlite', 'eventstoredb'], { message: 'EVENT_STORE must be sqlite or eventstoredb' })
  EVENT_STORE: 'sqlite' | 'eventstoredb' = 'sqlite';

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'eventstoredb' || c.EVENTSTORE_URL !== undefined)
  @IsUrl(
    { protocols: ['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover'], require_tld: false, require_protocol: true },
    { message: 'EVENTSTORE_URL must be a connection string like esdb://localhost:2113?tls=false (required when EVENT_STORE=eventstoredb)' },
  )
  EVENTSTORE_URL?: string;

  @IsIn(['sqlite', 'mongodb'], { message: 'READ_STORE must be sqlite or mongodb' })
  READ_STORE: 'sqlite' | 'mongodb' = 'sqlite';

  @ValidateIf((c: AppConfig) => c.READ_STORE === 'mongodb' || c.MONGODB_URL !== undefined)
  @IsUrl(
    { protocols: ['mongodb', 'mongodb+srv'], require_tld: false, require_protocol: true },
    { message: 'MONGODB_URL must be a connection string like mongodb://localhost:27017/shtc?replicaSet=rs0 (required when READ_STORE=mongodb)' },
  )
  MONGODB_URL?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true },
    { message: 'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:465' },
  )
  SMTP_URL?: string;

  /** The Chromium that prints PDF documents; started with the first document, not at start-up. */
  @IsString({ message: 'CHROMIUM_PATH must be the path of a Chromium or Chrome executable' })
  CHROMIUM_PATH = '/usr/bin/chromium';

  /** Base of links in emails (a front end's address). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL must be an absolute http(s) URL' })
  PUBLIC_URL?: string;

  /** Secret for reset-link tokens; generated under DATA_DIR when unset. Several API processes need the same. */
  @IsOptional()
  @IsString()
  TOKEN_SECRET?: string;

  /** false in an API process beside a separate projector (production). */
  @Transform(toBool)
  @IsBoolean({ message: 'RUN_PROJECTOR must be true or false' })
  RUN_PROJECTOR = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be a pino level' })
  LOG_LEVEL = 'info';

  /**
   * The reverse proxies in front of the API, by address or range. A request from one of them is
   * taken to come from the client its X-Forwarded-For names (the login limits count per client);
   * without it, X-Forwarded-For is ignored, since anyone can send one. Never "every sender".
   */
  @IsOptional()
  @Validate(ProxyList)
  TRUST_PROXY?: string;

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }

  /** TRUST_PROXY as Fastify's trustProxy takes it: the addresses and ranges, or false. */
  get trustedProxies(): string[] | false {
    return this.TRUST_PROXY ? this.TRUST_PROXY.split(',').map((entry) => entry.trim()) : false;
  }

  get publicUrl(): string {
    return this.PUBLIC_URL ?? `http://localhost:${this.PORT}`;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KEYS = [
  'PORT', 'DATA_DIR', 'MAX_UPLOAD_BYTES', 'EVENT_STORE', 'EVENTSTORE_URL', 'READ_STORE', 'MONGODB_URL', 'SMTP_URL',
  'CHROMIUM_PATH', 'PUBLIC_URL', 'TOKEN_SECRET', 'RUN_PROJECTOR', 'LOG_LEVEL', 'TRUST_PROXY',
] as const;

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw = Object.fromEntries(KEYS.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, raw);
  const problems = validateSync(config).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      // Never echo a secret-bearing value back.
      /URL|SECRET/.test(error.property) ? message : `${message} (got "${String(error.value)}")`,
    ),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** For a process's main(): the configuration, or the message naming what is wrong and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
