export enum WidgetAssetErrorCode {
  NotBuilt = 'WIDGET_NOT_BUILT',
  NotFound = 'WIDGET_ASSET_NOT_FOUND',
}

export class WidgetAssetError extends Error {
  constructor(
    readonly code: WidgetAssetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WidgetAssetError';
  }
}
