import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type WidgetSettingsChanges,
  createIdentitySecret,
  getWidgetSettings,
  getWorkspace,
  removeIdentitySecret,
  rotateWidgetKey,
  updateAllowedOrigins,
  updateWidgetSettings,
  widgetSettingsKeys,
} from '../widget-settings-api';

export function useWidgetSettings() {
  return useQuery({ queryKey: widgetSettingsKeys.all, queryFn: getWidgetSettings });
}

export function useUpdateWidgetSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: WidgetSettingsChanges) => updateWidgetSettings(changes),
    onSuccess: (saved) => queryClient.setQueryData(widgetSettingsKeys.all, saved),
  });
}

export function useIdentitySecret() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: widgetSettingsKeys.all });
  return {
    create: useMutation({ mutationFn: createIdentitySecret, onSuccess: refresh }),
    remove: useMutation({ mutationFn: removeIdentitySecret, onSuccess: refresh }),
  };
}

export function useWorkspace() {
  return useQuery({ queryKey: widgetSettingsKeys.workspace, queryFn: getWorkspace });
}

export function useUpdateAllowedOrigins() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (origins: string[]) => updateAllowedOrigins(origins),
    onSuccess: (workspace) => queryClient.setQueryData(widgetSettingsKeys.workspace, workspace),
  });
}

export function useRotateWidgetKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateWidgetKey,
    onSuccess: (workspace) => queryClient.setQueryData(widgetSettingsKeys.workspace, workspace),
  });
}
