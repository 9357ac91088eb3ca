import { Inject, Injectable } from '@nestjs/common';
import { Repositories } from '@neodesk/persistence';
import { renderDemoPage } from './demo-page';
import { DEMO_CSS } from './demo-styles';

@Injectable()
export class DemoService {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  /** The page with the widget of the default workspace: the oldest one, made at first start. */
  async page(): Promise<string> {
    const workspace = await this.repositories.workspaces.findOldest();
    return renderDemoPage({ widgetKey: workspace?.widgetKey ?? null });
  }

  stylesheet(): string {
    return DEMO_CSS;
  }
}
