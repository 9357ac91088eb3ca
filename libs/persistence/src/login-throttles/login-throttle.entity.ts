import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Recent failed logins of one account key (an HMAC of the e-mail address, never the address itself). */
@Entity('login_throttles')
@Index('ix_login_throttles_updated_at', ['updatedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  /** Attempts within the window that did not succeed (an attempt counts from its start). */
  @Column({ name: 'failed_at', type: 'timestamptz', array: true })
  failedAt!: Date[];

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
