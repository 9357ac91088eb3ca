import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { NotesController } from './notes.controller';
import { NotesService } from './notes.service';

/** Agents' private notes on conversations (REST, pushed live to agents only). */
@Module({ imports: [RealtimeModule], controllers: [NotesController], providers: [NotesService] })
export class NotesModule {}
