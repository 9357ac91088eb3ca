export enum WidgetSettingsErrorCode {
  /** The public config route was asked for a widget key no workspace has. */
  UnknownWidgetKey = 'WIDGET_NOT_FOUND',
}

export class WidgetSettingsError extends Error {
  constructor(
    readonly code: WidgetSettingsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WidgetSettingsError';
  }
}
