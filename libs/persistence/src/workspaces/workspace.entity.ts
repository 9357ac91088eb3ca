import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A tenant: one support team with its own users, widget and conversations. */
@Entity('workspaces')
@Unique('uq_workspaces_slug', ['slug'])
@Unique('uq_workspaces_widget_key', ['widgetKey'])
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  /** Public key the chat widget sends; identifies the workspace, grants nothing on its own. */
  @Column({ name: 'widget_key', type: 'varchar', length: 64 })
  widgetKey!: string;

  /** Origins (scheme://host[:port]) allowed to embed the widget. */
  @Column({ name: 'allowed_origins', type: 'text', array: true, default: () => "'{}'" })
  allowedOrigins!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
