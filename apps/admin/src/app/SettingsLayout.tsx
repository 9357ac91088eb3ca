import { NavLink, Outlet } from 'react-router';
import { RequireAdmin } from '../features/auth/components/RequireAdmin';

const SECTIONS = [
  { to: '/settings/bot', label: 'Bot' },
  { to: '/settings/knowledge', label: 'Knowledge base' },
  { to: '/settings/widget', label: 'Chat widget' },
  { to: '/settings/canned-replies', label: 'Canned replies' },
  { to: '/settings/guardrails', label: 'Guardrails' },
  { to: '/settings/users', label: 'Users and roles' },
  { to: '/settings/api-keys', label: 'API keys' },
  { to: '/settings/webhooks', label: 'Webhooks' },
] as const;

/** Every settings page (admins only): the section list beside the page. */
export function SettingsLayout() {
  return (
    <RequireAdmin>
      <div className="settings-layout">
        <nav aria-label="Settings" className="settings-nav">
          <p className="settings-nav__title">Settings</p>
          <ul className="settings-nav__list">
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} className="settings-nav__link">
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-layout__page">
          <Outlet />
        </div>
      </div>
    </RequireAdmin>
  );
}
