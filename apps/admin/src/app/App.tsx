import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Navigate, Outlet, RouterProvider, createBrowserRouter } from 'react-router';
import { RequireAdmin } from '../features/auth/components/RequireAdmin';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { RealtimeProvider } from '../features/realtime/components/RealtimeProvider';
import { ApiKeysPage } from '../pages/ApiKeysPage';
import { BotSettingsPage } from '../pages/BotSettingsPage';
import { CannedRepliesPage } from '../pages/CannedRepliesPage';
import { GuardrailsPage } from '../pages/GuardrailsPage';
import { InboxPage } from '../pages/InboxPage';
import { KnowledgeArticlePage } from '../pages/KnowledgeArticlePage';
import { KnowledgePage } from '../pages/KnowledgePage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OperationsPage } from '../pages/OperationsPage';
import { ReportsPage } from '../pages/ReportsPage';
import { UsersPage } from '../pages/UsersPage';
import { WebhooksPage } from '../pages/WebhooksPage';
import { WidgetSettingsPage } from '../pages/WidgetSettingsPage';
import { AppLayout } from './AppLayout';
import { SettingsLayout } from './SettingsLayout';

const queryClient = new QueryClient({
  defaultOptions: {
    // Live events keep the cache current; a refetch on focus would only repeat what they said.
    queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
  },
});

function SignedIn() {
  return (
    <RequireAuth>
      <RealtimeProvider>
        <Outlet />
      </RealtimeProvider>
    </RequireAuth>
  );
}

const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <SignedIn />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Navigate to="/inbox/mine" replace /> },
            { path: 'inbox', element: <Navigate to="/inbox/mine" replace /> },
            { path: 'inbox/:view/:conversationId?', element: <InboxPage mode="view" /> },
            { path: 'search/:conversationId?', element: <InboxPage mode="search" /> },
            {
              path: 'reports',
              element: (
                <RequireAdmin>
                  <ReportsPage />
                </RequireAdmin>
              ),
            },
            {
              path: 'operations',
              element: (
                <RequireAdmin>
                  <OperationsPage />
                </RequireAdmin>
              ),
            },
            {
              path: 'settings',
              element: <SettingsLayout />,
              children: [
                { index: true, element: <Navigate to="/settings/bot" replace /> },
                { path: 'bot', element: <BotSettingsPage /> },
                { path: 'knowledge', element: <KnowledgePage /> },
                { path: 'knowledge/new', element: <KnowledgeArticlePage /> },
                { path: 'knowledge/:articleId', element: <KnowledgeArticlePage /> },
                { path: 'widget', element: <WidgetSettingsPage /> },
                { path: 'canned-replies', element: <CannedRepliesPage /> },
                { path: 'guardrails', element: <GuardrailsPage /> },
                { path: 'users', element: <UsersPage /> },
                { path: 'api-keys', element: <ApiKeysPage /> },
                { path: 'webhooks', element: <WebhooksPage /> },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
