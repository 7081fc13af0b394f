"""What the app listens to, in one table per kind, and how it is registered with Bolt.

`manifest.yml` must declare the same commands and events (tests/test_manifest.py checks).
"""

from __future__ import annotations

from slack_bolt import App

from bot.services.container import Services
from handlers.actions import (
    event_cancel,
    event_edit,
    event_join,
    event_leave,
    event_list_page,
    event_reissue,
    open_create_modal,
    open_join_url,
    open_reminder_settings,
    preview_template,
    recruiter_group,
    refresh_account_options,
    show_reminders,
    workspace_admins,
    zoom_account_add,
    zoom_account_menu,
    zoom_account_reconnect,
    zoom_link_mine,
    zoom_managers,
)
from handlers.commands import recruit
from handlers.errors import ErrorHandler
from handlers.events import app_home_opened, lifecycle
from handlers.views import (
    create_event,
    reminder_settings,
    zoom_account_remove,
    zoom_account_settings,
)
from handlers.views import (
    event_cancel as event_cancel_view,
)
from handlers.views import (
    event_edit as event_edit_view,
)
from handlers.views import (
    event_reissue as event_reissue_view,
)
from handlers.views import (
    zoom_account_add as zoom_account_add_view,
)

COMMANDS: frozenset[str] = frozenset({recruit.COMMAND})
VIEWS: frozenset[str] = frozenset(
    {
        create_event.CALLBACK_ID,
        event_cancel_view.CALLBACK_ID,
        event_reissue_view.CALLBACK_ID,
        event_edit_view.CALLBACK_ID,
        reminder_settings.CALLBACK_ID,
        zoom_account_add_view.CALLBACK_ID,
        zoom_account_remove.CALLBACK_ID,
        zoom_account_settings.CALLBACK_ID,
    }
)
ACTIONS: frozenset[str] = frozenset(
    {
        open_create_modal.ACTION_ID,
        event_cancel.ACTION_ID,
        event_edit.ACTION_ID,
        event_reissue.ACTION_ID,
        open_join_url.ACTION_ID,
        show_reminders.ACTION_ID,
        preview_template.ACTION_ID,
        open_reminder_settings.ACTION_ID,
        zoom_account_add.ACTION_ID,
        zoom_link_mine.ACTION_ID,
        zoom_account_menu.ACTION_ID,
        zoom_account_reconnect.ACTION_ID,
        zoom_managers.ACTION_ID,
        event_join.ACTION_ID,
        event_leave.ACTION_ID,
        *refresh_account_options.ACTION_IDS,
        *event_list_page.ACTION_IDS,
        recruiter_group.ACTION_ID,
        workspace_admins.ACTION_ID,
    }
)
EVENTS: frozenset[str] = frozenset({app_home_opened.EVENT, *lifecycle.EVENTS})


def needs_interactivity() -> bool:
    return bool(VIEWS or ACTIONS)


def register_all(app: App, services: Services) -> None:
    app.command(recruit.COMMAND)(recruit.RecruitCommand(services).handle)
    app.view(create_event.CALLBACK_ID)(create_event.CreateEventSubmission(services).handle)
    app.action(open_create_modal.ACTION_ID)(
        open_create_modal.OpenCreateModalAction(services).handle
    )
    app.action(open_join_url.ACTION_ID)(open_join_url.handle)
    app.action(show_reminders.ACTION_ID)(show_reminders.ShowRemindersAction(services).handle)
    app.action(preview_template.ACTION_ID)(preview_template.PreviewTemplateAction(services).handle)
    refresh = refresh_account_options.RefreshAccountOptions(services).handle
    for action_id in refresh_account_options.ACTION_IDS:
        app.action(action_id, matchers=[refresh_account_options.in_create_modal])(refresh)
    app.action(open_reminder_settings.ACTION_ID)(
        open_reminder_settings.OpenReminderSettingsAction(services).handle
    )
    app.view(reminder_settings.CALLBACK_ID)(
        reminder_settings.ReminderSettingsSubmission(services).handle
    )
    app.action(zoom_account_add.ACTION_ID)(zoom_account_add.AddZoomAccountAction(services).handle)
    app.action(zoom_link_mine.ACTION_ID)(zoom_link_mine.LinkMyZoomAction(services).handle)
    app.action(zoom_account_menu.ACTION_ID)(
        zoom_account_menu.ZoomAccountMenuAction(services).handle
    )
    app.action(zoom_account_reconnect.ACTION_ID)(
        zoom_account_reconnect.ReconnectZoomAccountAction(services).handle
    )
    app.action(zoom_managers.ACTION_ID)(zoom_managers.ZoomManagersAction(services).handle)
    app.view(zoom_account_add_view.CALLBACK_ID)(
        zoom_account_add_view.AddZoomAccountSubmission(services).handle
    )
    app.view(zoom_account_remove.CALLBACK_ID)(
        zoom_account_remove.RemoveZoomAccountSubmission(services).handle
    )
    app.view(zoom_account_settings.CALLBACK_ID)(
        zoom_account_settings.ZoomAccountSettingsSubmission(services).handle
    )
    app.action(event_join.ACTION_ID)(event_join.JoinEventAction(services).handle)
    app.action(event_leave.ACTION_ID)(event_leave.LeaveEventAction(services).handle)
    list_page = event_list_page.EventListPageAction(services).handle
    for action_id in event_list_page.ACTION_IDS:
        app.action(action_id)(list_page)
    app.action(recruiter_group.ACTION_ID)(recruiter_group.RecruiterGroupAction(services).handle)
    app.action(workspace_admins.ACTION_ID)(workspace_admins.WorkspaceAdminsAction(services).handle)
    app.event(app_home_opened.EVENT)(app_home_opened.AppHomeOpened(services).handle)
    for event_type in lifecycle.EVENTS:
        app.event(event_type)(lifecycle.handle)
    app.action(event_cancel.ACTION_ID)(event_cancel.CancelEventAction(services).handle)
    app.view(event_cancel_view.CALLBACK_ID)(
        event_cancel_view.CancelEventSubmission(services).handle
    )
    app.action(event_edit.ACTION_ID)(event_edit.EditEventAction(services).handle)
    app.view(event_edit_view.CALLBACK_ID)(event_edit_view.EditEventSubmission(services).handle)
    app.action(event_reissue.ACTION_ID)(event_reissue.ReissueEventAction(services).handle)
    app.view(event_reissue_view.CALLBACK_ID)(
        event_reissue_view.ReissueEventSubmission(services).handle
    )
    app.error(ErrorHandler(services).handle)
