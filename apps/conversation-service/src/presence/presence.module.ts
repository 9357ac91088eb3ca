import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { PresenceService } from './presence.service';

/** Agents online or away, from their dashboard sockets. */
@Module({ imports: [RealtimeModule], providers: [PresenceService], exports: [PresenceService] })
export class PresenceModule {}
