import { Inject } from '@nestjs/common';
import { registerAccount } from '@shtc/accounts';
import { STAFF_ROLES, type Role } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { isEmail } from 'class-validator';

interface CreateStaffOptions {
  role: Role;
  businessId: string;
  name: string;
  email: string;
  password: string;
}

/** Staff accounts (REVIEWER, AUDITOR, CUSTOMS, ADMIN) are not self-registered (api.md). */
@Command({ name: 'create-staff', description: 'Create a staff account in DATA_DIR (works while the server runs)' })
export class CreateStaffCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async run(_: string[], options: CreateStaffOptions): Promise<void> {
    const { accountId, position } = await registerAccount(
      this.events,
      { businessId: options.businessId, kind: 'STAFF', role: options.role, name: options.name, email: options.email, password: options.password },
      { now: this.clock.now(), correlationId: `cli-create-staff-${Date.now()}` },
    );
    console.log(`Created ${options.role} account ${options.businessId} (accountId ${accountId}, position ${position})`);
  }

  @Option({ flags: '--role <role>', description: STAFF_ROLES.join(' | '), required: true })
  parseRole(value: string): Role {
    const role = value.toUpperCase() as Role;
    if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    return role;
  }

  @Option({ flags: '--business-id <id>', description: 'login id, e.g. R001', required: true })
  parseBusinessId(value: string): string {
    const id = value.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,20}$/.test(id)) throw new Error('--business-id must be 1 to 20 letters and digits');
    return id;
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    if (!value.trim()) throw new Error('--name must not be empty');
    return value.trim();
  }

  @Option({ flags: '--email <email>', required: true })
  parseEmail(value: string): string {
    if (!isEmail(value)) throw new Error('--email must be a valid email address');
    return value;
  }

  @Option({ flags: '--password <password>', required: true })
  parsePassword(value: string): string {
    if (value.length < 10) throw new Error('--password must be at least 10 characters');
    return value;
  }
}
