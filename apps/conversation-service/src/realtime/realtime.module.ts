import { Module } from '@nestjs/common';
import { RealtimeEmitter } from './realtime-emitter';

/** Pushing typed events to visitors and agents; the gateways that own the namespaces attach to it. */
@Module({
  providers: [RealtimeEmitter],
  exports: [RealtimeEmitter],
})
export class RealtimeModule {}
