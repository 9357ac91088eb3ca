import { RTL_WIDGET_LOCALES, WIDGET_COLOR_PATTERN, type WidgetLocale } from '@neodesk/contracts';
import { AR_STRINGS } from '../../../../../widget/src/i18n/chat-strings-ar';
import { EN_STRINGS } from '../../../../../widget/src/i18n/chat-strings';
import { FR_STRINGS } from '../../../../../widget/src/i18n/chat-strings-fr';
import { onBrandColor } from '../../../../../widget/src/theme/brand-color';
import type { WidgetDraft } from '../widget-draft';

const STRINGS = { en: EN_STRINGS, fr: FR_STRINGS, ar: AR_STRINGS } as const;
const LAST_VALID_FALLBACK = '#1f5fd6';

/**
 * The widget as a visitor would see it with the form's values, saved or not: the open panel (header,
 * greeting, pre-chat form or composer) above the launcher, on the chosen side, in the chosen language.
 * A drawing with the widget's own strings and colour rule, not the widget itself: nothing in it is live.
 */
export function WidgetPreview({ draft, botName, greeting }: { draft: WidgetDraft; botName: string; greeting: string }) {
  const locale: WidgetLocale = draft.locale === 'auto' ? 'en' : draft.locale;
  const strings = STRINGS[locale];
  const brand = WIDGET_COLOR_PATTERN.test(draft.color) ? draft.color : LAST_VALID_FALLBACK;
  const onBrand = onBrandColor(brand);
  const asked = (['name', 'email'] as const).filter((field) => draft.preChatForm[field] !== 'off');
  const brandStyle = { background: brand, color: onBrand };
  return (
    <figure className="widget-preview" aria-labelledby="widget-preview-caption">
      <figcaption id="widget-preview-caption" className="widget-preview__caption">
        <span className="field__label">Preview</span>
        <span className="field__help">
          Updates as you type; visitors see it after you save.
          {draft.locale === 'auto' ? ' Language: automatic, shown in English (it follows each visitor’s page).' : ''}
        </span>
      </figcaption>
      <div className={`widget-preview__page widget-preview__page--${draft.position}`}>
        <div
          className="widget-preview__panel"
          lang={locale}
          dir={RTL_WIDGET_LOCALES.includes(locale) ? 'rtl' : 'ltr'}
          data-testid="widget-preview-panel"
        >
          <div className="widget-preview__header" style={brandStyle}>
            <span className="widget-preview__title" dir="auto">
              {draft.title.trim() || ' '}
            </span>
            <span className="widget-preview__status">
              <span className="widget-preview__dot" aria-hidden="true" />
              {strings.connection.online}
            </span>
          </div>
          <div className="widget-preview__messages">
            <span className="widget-preview__author">
              {botName} <span className="widget-preview__ai">{strings.ai}</span>
            </span>
            <p className="widget-preview__bubble" dir="auto">
              {greeting}
            </p>
          </div>
          {asked.length > 0 ? (
            <div className="widget-preview__prechat">
              <p>{strings.preChatIntro}</p>
              {asked.map((field) => (
                <div key={field} className="widget-preview__field">
                  <span>
                    {strings[field]}
                    {draft.preChatForm[field] === 'optional' ? (
                      <span className="widget-preview__hint"> ({strings.optional})</span>
                    ) : (
                      <span aria-hidden="true"> *</span>
                    )}
                  </span>
                  <span className="widget-preview__input" />
                </div>
              ))}
              <span className="widget-preview__button" style={brandStyle}>
                {strings.startChat}
              </span>
            </div>
          ) : (
            <div className="widget-preview__composer">
              <span className="widget-preview__input widget-preview__input--grow">{strings.placeholder}</span>
              <span className="widget-preview__button" style={brandStyle}>
                {strings.send}
              </span>
            </div>
          )}
        </div>
        <span
          className="widget-preview__launcher"
          style={brandStyle}
          title={draft.launcherLabel}
          data-testid="widget-preview-launcher"
        >
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1L4 21l4.1-2c1.2.4 2.5.6 3.9.6 5.5 0 10-3.8 10-8.5S17.5 3 12 3z"
            />
          </svg>
          <span className="visually-hidden">Launcher: {draft.launcherLabel}</span>
        </span>
      </div>
    </figure>
  );
}
