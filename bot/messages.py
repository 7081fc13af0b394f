"""Every sentence the bot says, in Japanese and English.

`t(locale, key, **params)` picks the reader's language (Japanese unless the locale is English).
Keys are grouped by surface. A test checks both languages exist with the same placeholders.
"""

from __future__ import annotations

from typing import Literal

Locale = Literal["ja", "en"]

MESSAGES: dict[str, dict[Locale, str]] = {
    # ---- /recruit help and command replies
    "help.text": {
        "ja": (
            "*`/recruit` の使い方*\n"
            "• `/recruit` または `/recruit new` … 選考イベント(説明会・選考会・面接)を作成し、"
            "Zoom の URL を発行してチャンネルに投稿します。参加者には DM で URL とリマインダーが届きます。\n"
            "• `/recruit zoom` … 連携済みの Zoom アカウントを表示し、追加・再接続・設定・"
            "連携解除を行います(ホームタブの「Zoom連携」と同じ)。\n"
            "• `/recruit list` … 自分の今後の予定(主催・参加)と、チャンネルではそのチャンネルの"
            "予定を、操作ボタン付きで表示します(自分だけに表示)。\n"
            "• `/recruit audit <イベントID>` … イベントの変更履歴を表示します(主催者と管理者)。\n"
            "• `/recruit help` … このヘルプを表示します。"
        ),
        "en": (
            "*How to use `/recruit`*\n"
            "• `/recruit` or `/recruit new` — create a recruiting event (info session, selection "
            "event or interview): the bot issues a Zoom URL and posts it in the channel; "
            "participants get the URL and reminders by DM.\n"
            "• `/recruit zoom` — the linked Zoom accounts: add, reconnect, configure, remove "
            "(the same as “Zoom accounts” in the Home tab).\n"
            "• `/recruit list` — your upcoming events (organizing or taking part) and, in a "
            "channel, that channel's, with their actions (only you see it).\n"
            "• `/recruit audit <event id>` — an event's history (its organizer and admins).\n"
            "• `/recruit help` — show this help."
        ),
    },
    "command.unknown": {
        "ja": "`/recruit {text}` は分かりませんでした。`/recruit help` で使い方を確認できます。",
        "en": "I don't know `/recruit {text}`. Try `/recruit help`.",
    },
    "command.unsupported": {
        "ja": "このコマンドには対応していません。",
        "en": "This app does not handle that command.",
    },
    # ---- the create modal
    "modal.title": {"ja": "選考イベントを作成", "en": "New recruiting event"},
    "modal.submit": {"ja": "作成", "en": "Create"},
    "modal.close": {"ja": "キャンセル", "en": "Cancel"},
    "modal.kind": {"ja": "種別", "en": "Kind"},
    "kind.info_session": {"ja": "説明会", "en": "Info session"},
    "kind.selection": {"ja": "選考会", "en": "Selection event"},
    "kind.interview": {"ja": "面接", "en": "Interview"},
    "modal.title_field": {"ja": "タイトル", "en": "Title"},
    "modal.title_placeholder": {
        "ja": "例: 2027年度新卒 一次面接",
        "en": "e.g. Graduate hiring 2027, first interview",
    },
    "modal.date": {"ja": "開始日", "en": "Start date"},
    "modal.time": {"ja": "開始時刻", "en": "Start time"},
    "modal.duration": {"ja": "所要時間(分)", "en": "Duration (minutes)"},
    "modal.timezone": {"ja": "タイムゾーン", "en": "Time zone"},
    "modal.participants": {"ja": "参加者", "en": "Participants"},
    "modal.participants_hint": {
        "ja": "面接官・採用担当・調整担当など。各参加者に DM で URL とリマインダーが届きます。",
        "en": "Interviewers, recruiters, coordinators. Each gets the URL and reminders by DM.",
    },
    "modal.channel": {"ja": "投稿先チャンネル", "en": "Channel to post in"},
    "modal.account": {"ja": "Zoom アカウント", "en": "Zoom account"},
    "modal.account_auto": {"ja": "自動", "en": "Automatic"},
    "modal.account_hint": {
        "ja": "「自動」はその時間に空いている連携済みアカウントを選びます。",
        "en": "Automatic picks a linked account that is free at that time.",
    },
    "modal.no_accounts": {
        "ja": (
            ":warning: Zoom アカウントがまだ連携されていません。recruitbot のホームタブの"
            "「Zoom連携」か `/recruit zoom` から連携してください(追加は管理者か管理者が許可した"
            "ユーザーができます)。"
        ),
        "en": (
            ":warning: No Zoom account is linked yet. Link one under “Zoom accounts” in "
            "recruitbot's Home tab, or with `/recruit zoom` (admins, and users they allow, "
            "can add accounts)."
        ),
    },
    "modal.reminders": {"ja": "リマインダー", "en": "Reminders"},
    "modal.reminder_1d": {"ja": "1日前", "en": "1 day before"},
    "modal.reminder_1h": {"ja": "1時間前", "en": "1 hour before"},
    "modal.reminder_10m": {"ja": "10分前", "en": "10 minutes before"},
    "modal.custom_reminder": {
        "ja": "カスタム(開始の何分前か、カンマ区切り)",
        "en": "Custom (minutes before the start, comma-separated)",
    },
    "modal.custom_reminder_placeholder": {"ja": "例: 30, 180", "en": "e.g. 30, 180"},
    "modal.channel_reminders": {"ja": "チャンネルへのリマインダー", "en": "Channel reminders"},
    "modal.channel_reminders_hint": {
        "ja": "投稿先チャンネルにもリマインダーを投稿します(イベントのタイムゾーン)。",
        "en": "Also post reminders in the event's channel (in the event's time zone).",
    },
    "modal.channel_reminder_place": {
        "ja": "チャンネルへの投稿場所",
        "en": "Post channel reminders",
    },
    "modal.in_thread": {"ja": "イベントカードのスレッド", "en": "In the event card's thread"},
    "modal.in_channel": {"ja": "チャンネル本体", "en": "In the channel itself"},
    "modal.notify": {"ja": "通知", "en": "Notifications"},
    "modal.notify_now": {
        "ja": "作成時に参加者へ URL を DM で送る",
        "en": "DM the URL to participants now",
    },
    "modal.note": {"ja": "メモ(任意)", "en": "Note (optional)"},
    # ---- inline validation errors
    "error.start_in_past": {
        "ja": "開始日時が過去です({when})。未来の日時を選んでください。",
        "en": "The start ({when}) is in the past. Pick a future date and time.",
    },
    "error.start_nonexistent": {
        "ja": "この日時は夏時間の切り替えで存在しません。1時間ずらしてください。",
        "en": "That time does not exist (the clocks skip it for daylight saving). Move it by an hour.",
    },
    "error.start_missing": {
        "ja": "開始日と開始時刻を選んでください。",
        "en": "Pick a start date and time.",
    },
    "error.duration_range": {
        "ja": "所要時間は 5〜720 分の整数で入力してください。",
        "en": "Enter a duration between 5 and 720 minutes.",
    },
    "error.timezone_unknown": {
        "ja": "タイムゾーンが不明です。一覧から選んでください。",
        "en": "Unknown time zone. Pick one from the list.",
    },
    "error.title_length": {
        "ja": "タイトルは 1〜200 文字で入力してください。",
        "en": "The title must be 1 to 200 characters.",
    },
    "error.no_accounts": {
        "ja": (
            "Zoom アカウントが連携されていません。`/recruit zoom` かホームタブの「Zoom連携」"
            "から連携してください。"
        ),
        "en": (
            "No Zoom account is linked. Link one with `/recruit zoom` or under “Zoom accounts” "
            "in the Home tab."
        ),
    },
    "error.account_unknown": {
        "ja": "選んだ Zoom アカウントは見つかりません(連携解除された可能性があります)。",
        "en": "That Zoom account is no longer linked. Pick another one.",
    },
    "error.account_unavailable": {
        "ja": "「{name}」は再連携が必要です。別のアカウントか「自動」を選んでください。",
        "en": "“{name}” needs to be reconnected. Pick another account or Automatic.",
    },
    "error.channel_unreachable": {
        "ja": (
            "このチャンネルには投稿できません。チャンネルで `/invite @recruitbot` を実行して"
            "ボットを招待するか、別のチャンネルを選んでください。"
        ),
        "en": (
            "I can't post in that channel. Invite me with `/invite @recruitbot` in the channel, "
            "or pick another channel."
        ),
    },
    "error.channel_is_dm": {
        "ja": "ダイレクトメッセージには投稿できません。チャンネルを選んでください。",
        "en": "I can't post the event in a direct message. Pick a channel.",
    },
    "error.custom_reminder": {
        "ja": "カスタムは 1〜43200 の分数をカンマ区切りで入力してください(例: 30, 180)。",
        "en": "Enter minutes between 1 and 43200, comma-separated (e.g. 30, 180).",
    },
    "error.reminder_unknown": {
        "ja": "リマインダーの指定が読み取れません。一覧から選び直してください。",
        "en": "A reminder choice could not be read. Pick again from the list.",
    },
    "error.participants_max": {
        "ja": "参加者は最大 {max} 人までです。",
        "en": "At most {max} participants.",
    },
    # ---- channel card
    "card.header": {"ja": "{kind}: {title}", "en": "{kind}: {title}"},
    "card.when": {"ja": "日時", "en": "When"},
    "card.duration": {"ja": "所要時間", "en": "Duration"},
    "card.duration_value": {"ja": "{minutes}分", "en": "{minutes} min"},
    "card.join": {"ja": "Zoom 参加 URL", "en": "Zoom join URL"},
    "card.passcode": {"ja": "パスコード", "en": "Passcode"},
    "card.meeting_id": {"ja": "ミーティング ID", "en": "Meeting ID"},
    "card.account": {"ja": "発行アカウント", "en": "Issued by"},
    "card.participants": {"ja": "参加者", "en": "Participants"},
    "card.organizer": {"ja": "作成者", "en": "Created by"},
    "card.reminders": {"ja": "リマインダー", "en": "Reminders"},
    "card.no_reminders": {"ja": "なし", "en": "none"},
    "card.reminder_not_sent": {"ja": "送信なし(時刻を過ぎています)", "en": "not sent (too late)"},
    "card.channel_reminders": {"ja": "チャンネルへのリマインダー", "en": "Channel reminders"},
    "channel.reminder": {
        "ja": ":mega: リマインダー: {kind}「{title}」は {when} に始まります({offset})。",
        "en": ":mega: Reminder: the {kind} “{title}” starts {when} ({offset}).",
    },
    "card.show_reminders": {"ja": "リマインダー", "en": "Reminders"},
    "card.note": {"ja": "メモ", "en": "Note"},
    "card.open_zoom": {"ja": "Zoom を開く", "en": "Open Zoom"},
    "card.fallback": {
        "ja": "{kind}「{title}」 {when} — {url}",
        "en": "{kind} “{title}” {when} — {url}",
    },
    "offset.minutes": {"ja": "{n}分前", "en": "{n} min before"},
    "offset.hours": {"ja": "{n}時間前", "en": "{n} h before"},
    "offset.day": {"ja": "{n}日前", "en": "{n} day before"},
    "offset.same_day": {"ja": "当日 {at}", "en": "the same day, {at}"},
    "offset.day_before": {"ja": "前日 {at}", "en": "the day before, {at}"},
    "offset.days_before_at": {"ja": "{n}日前 {at}", "en": "{n} days before, {at}"},
    "offset.business_days": {
        "ja": "{n}営業日前 {at}",
        "en": "{n} business day(s) before, {at}",
    },
    "offset.days": {"ja": "{n}日前", "en": "{n} days before"},
    # ---- DMs
    "dm.invitation": {
        "ja": "<@{organizer}> さんがあなたを{kind}「{title}」に追加しました。",
        "en": "<@{organizer}> added you to the {kind} “{title}”.",
    },
    "dm.invitation_self": {
        "ja": "{kind}「{title}」を作成しました。参加者にも URL を送りました。",
        "en": "You created the {kind} “{title}”. Participants got the URL too.",
    },
    "dm.creation_failed": {
        "ja": (
            ":x: {kind}「{title}」を作成できませんでした: {reason}\n"
            "イベントは作成されていません。{advice}"
        ),
        "en": (
            ":x: I couldn't create the {kind} “{title}”: {reason}\nNothing was created. {advice}"
        ),
    },
    "dm.card_failed": {
        "ja": (
            ":warning: {kind}「{title}」は作成しましたが、<#{channel}> に投稿できませんでした"
            "({error})。URL: {url}"
        ),
        "en": (
            ":warning: The {kind} “{title}” was created but I couldn't post it in <#{channel}> "
            "({error}). URL: {url}"
        ),
    },
    "dm.internal_error": {
        "ja": (
            ":warning: 処理中に問題が発生しました。もう一度お試しください。"
            "続く場合は管理者に連絡してください(参照: {ref})。"
        ),
        "en": (
            ":warning: Something went wrong on my side. Please try again; if it keeps "
            "happening, tell your admin (reference: {ref})."
        ),
    },
    # ---- reasons and advice for Zoom failures
    "zoom.reason.auth": {
        "ja": "Zoom がアカウント「{account}」の認証情報を拒否しました",
        "en": "Zoom refused the credentials of the account “{account}”",
    },
    "zoom.reason.rate_limited": {
        "ja": "アカウント「{account}」が Zoom の作成回数上限に達しています",
        "en": "the account “{account}” hit Zoom's rate limit",
    },
    "zoom.reason.unavailable": {
        "ja": "Zoom が応答しませんでした",
        "en": "Zoom did not answer",
    },
    "zoom.reason.rejected": {
        "ja": "Zoom がリクエストを拒否しました({detail})",
        "en": "Zoom rejected the request ({detail})",
    },
    "event.reason.internal": {
        "ja": "ボット内部で問題が発生しました(参照: {ref})",
        "en": "something went wrong on my side (reference: {ref})",
    },
    "zoom.reason.interrupted": {
        "ja": "作成中にボットが再起動しました",
        "en": "the bot restarted while creating it",
    },
    "zoom.reason.no_account": {
        "ja": "使える Zoom アカウントがありません",
        "en": "no Zoom account is available",
    },
    "zoom.advice.retry": {
        "ja": "少し待ってから `/recruit` でもう一度お試しください。",
        "en": "Wait a moment and try `/recruit` again.",
    },
    "zoom.advice.other_account": {
        "ja": "別のアカウントを選ぶか、管理者に連携の確認を依頼してください。",
        "en": "Pick another account, or ask an admin to check the link.",
    },
    # ---- the reminders ledger
    "ledger.title": {"ja": "リマインダーの状況", "en": "Reminders"},
    "ledger.close": {"ja": "閉じる", "en": "Close"},
    "ledger.empty": {
        "ja": "このイベントにリマインダーはありません。",
        "en": "This event has no reminders.",
    },
    "ledger.invitation": {"ja": "作成時の通知", "en": "Invitation"},
    "ledger.channel": {"ja": "チャンネル: {label}", "en": "Channel: {label}"},
    "ledger.more": {"ja": "…ほか {n} 件", "en": "…and {n} more"},
    "ledger.pending": {
        "ja": ":hourglass: {who} {when} に送信予定",
        "en": ":hourglass: {who} due {when}",
    },
    "ledger.sent": {
        "ja": ":white_check_mark: {who} {when} 送信済み",
        "en": ":white_check_mark: {who} sent {when}",
    },
    "ledger.failed": {
        "ja": ":warning: {who} 送信失敗({attempts} 回試行): {detail}",
        "en": ":warning: {who} failed after {attempts} attempt(s): {detail}",
    },
    "ledger.skipped": {
        "ja": ":fast_forward: {who} 送信なし: {detail}",
        "en": ":fast_forward: {who} not sent: {detail}",
    },
    "ledger.not_found": {
        "ja": "このイベントは見つかりませんでした。",
        "en": "That event could not be found.",
    },
    "skip.event_cancelled": {
        "ja": "イベントがキャンセルされました",
        "en": "the event was cancelled",
    },
    "skip.event_started": {"ja": "送信時刻に開始済みでした", "en": "the event had already started"},
    "skip.participant_removed": {"ja": "参加者ではなくなりました", "en": "no longer a participant"},
    "skip.due_before_creation": {
        "ja": "作成時点で時刻を過ぎていました",
        "en": "its time had passed when the event was created",
    },
    "skip.after_start": {"ja": "開始後の時刻になるため", "en": "it would fall after the start"},
    # ---- App Home
    "home.title": {"ja": "recruitbot", "en": "recruitbot"},
    "home.intro": {
        "ja": "`/recruit` で選考イベントを作成できます。",
        "en": "Create a recruiting event with `/recruit`.",
    },
    "home.create": {"ja": "イベントを作成", "en": "Create an event"},
    "home.reminders_overview": {
        "ja": "今後のイベントのリマインダー(管理者)",
        "en": "Upcoming events' reminders (admins)",
    },
    "home.no_upcoming": {"ja": "予定されているイベントはありません。", "en": "No upcoming events."},
    "home.reminder_counts": {
        "ja": ":hourglass: 予定 {pending} · :white_check_mark: 送信済み {sent} · :warning: 失敗 {failed} · :fast_forward: 送信なし {skipped}",
        "en": ":hourglass: {pending} pending · :white_check_mark: {sent} sent · :warning: {failed} failed · :fast_forward: {skipped} not sent",
    },
    "status.ok": {"ja": "正常", "en": "OK"},
    "status.needs_reconnect": {"ja": "再連携が必要", "en": "needs reconnect"},
    "status.error": {"ja": "エラー", "en": "error"},
    # ---- Zoom webhooks (a meeting changed or deleted in Zoom, the app deauthorized)
    "zoom_webhook.changed": {
        "ja": ":pencil2: Zoom 側でミーティングが変更されました: {changes}",
        "en": ":pencil2: The meeting was changed in Zoom: {changes}",
    },
    "zoom_webhook.change.start": {"ja": "開始 {old} → {new}", "en": "start {old} → {new}"},
    "zoom_webhook.change.duration": {
        "ja": "所要時間 {old}分 → {new}分",
        "en": "duration {old} min → {new} min",
    },
    "zoom_webhook.change.title": {
        "ja": "タイトル「{old}」→「{new}」",
        "en": "title “{old}” → “{new}”",
    },
    "zoom_webhook.change.separator": {"ja": "、", "en": "; "},
    "zoom_webhook.reminders_follow": {
        "ja": "リマインダーは新しい時刻に合わせて送ります。",
        "en": "Reminders follow the new time.",
    },
    "zoom_webhook.deleted_thread": {
        "ja": ":x: Zoom 側でミーティングが削除されたため、この{kind}はキャンセルされました。リマインダーは送信されません。",
        "en": ":x: The meeting was deleted in Zoom, so this {kind} is cancelled. No reminders will be sent.",
    },
    "zoom_webhook.deleted_dm": {
        "ja": (
            ":x: {kind}「{title}」({when})の Zoom ミーティングが Zoom 側で削除されたため、"
            "イベントをキャンセルしました。参加者にリマインダーは送信されません。"
            "開催する場合は `/recruit` で作り直してください。"
        ),
        "en": (
            ":x: The Zoom meeting of the {kind} “{title}” ({when}) was deleted in Zoom, so I "
            "cancelled the event. Participants won't get reminders. If it should still happen, "
            "create it again with `/recruit`."
        ),
    },
    "zoom_webhook.cancelled_reason": {
        "ja": ":x: Zoom 側でミーティングが削除されたため、キャンセルされました。",
        "en": ":x: Cancelled: the meeting was deleted in Zoom.",
    },
    "card.cancelled_header": {
        "ja": "【キャンセル】{kind}: {title}",
        "en": "[Cancelled] {kind}: {title}",
    },
    "card.cancelled_fallback": {
        "ja": "【キャンセル】{kind}「{title}」 {when}",
        "en": "[Cancelled] {kind} “{title}” {when}",
    },
    "skip.meeting_deleted_in_zoom": {
        "ja": "Zoom 側でミーティングが削除されました",
        "en": "the meeting was deleted in Zoom",
    },
    "skip.due_before_change": {
        "ja": "変更時点で時刻を過ぎていました",
        "en": "its time had passed when the event was changed",
    },
    "zoom_webhook.deauthorized_removed_dm": {
        "ja": (
            ":warning: Zoom アカウント「{name}」の連携が Zoom 側で解除されたため、このアカウントと"
            "そのデータを削除しました。発行済みのミーティングは Zoom に残ります。"
            "使い続けるには、もう一度連携してください。"
        ),
        "en": (
            ":warning: The Zoom account “{name}” was disconnected in Zoom, so I removed it and "
            "its data. Meetings already issued stay in Zoom. Link it again to keep using it."
        ),
    },
    "zoom_webhook.deauthorized_reconnect_dm": {
        "ja": (
            ":warning: Zoom アカウント「{name}」の連携が Zoom 側で解除されました。"
            "再接続するまで、このアカウントではミーティングを発行できません。"
        ),
        "en": (
            ":warning: The Zoom account “{name}” was disconnected in Zoom. It can't issue "
            "meetings until it is reconnected."
        ),
    },
    "zoom_webhook.deauthorized_detail": {
        "ja": "Zoom 側で連携が解除されました({when})",
        "en": "Disconnected in Zoom ({when})",
    },
}


def normalize_locale(slack_locale: str | None, default: Locale = "ja") -> Locale:
    """Slack's `ja-JP` → ja; any other known locale → en; unknown → the workspace default."""
    if not slack_locale:
        return default
    return "ja" if slack_locale.lower().startswith("ja") else "en"


def t(locale: Locale, key: str, **params: object) -> str:
    template = MESSAGES[key][locale]
    return template.format(**params) if params else template


MESSAGES.update(
    {
        # ---- linking Zoom accounts (CLI now, Slack later)
        "link.name_invalid": {
            "ja": "名称は 1〜80 文字で指定してください。",
            "en": "The name must be 1 to 80 characters.",
        },
        "link.name_taken": {
            "ja": "「{name}」という名前の Zoom アカウントは既に連携されています。",
            "en": "A Zoom account named “{name}” is already linked.",
        },
        "link.invalid_client": {
            "ja": (
                "Zoom が Client ID または Client Secret を拒否しました。Zoom App Marketplace の"
                "Server-to-Server OAuth アプリの「App Credentials」から値をコピーし直してください。"
            ),
            "en": (
                "Zoom refused the Client ID or Client Secret. Copy them again from the "
                "Server-to-Server OAuth app's “App Credentials” page in the Zoom App Marketplace."
            ),
        },
        "link.invalid_account": {
            "ja": (
                "Zoom が Account ID を拒否しました。同じアプリの「App Credentials」にある "
                "Account ID を指定し、アプリが有効化(Activate)されているか確認してください。"
            ),
            "en": (
                "Zoom refused the Account ID. Use the Account ID shown on the same app's "
                "“App Credentials” page, and check that the app is activated."
            ),
        },
        "link.oauth_other": {
            "ja": "Zoom が認証を拒否しました({reason})。アプリの設定を確認してください。",
            "en": "Zoom refused the authorization ({reason}). Check the app's settings.",
        },
        "link.unreachable": {
            "ja": "Zoom に接続できませんでした({detail})。ネットワークと ZOOM_OAUTH_URL を確認してください。",
            "en": "Could not reach Zoom ({detail}). Check the network and ZOOM_OAUTH_URL.",
        },
        "link.missing_scopes": {
            "ja": (
                "アプリに必要なスコープがありません: {missing}。Zoom App Marketplace でアプリの"
                "「Scopes」に追加してから、もう一度実行してください。"
            ),
            "en": (
                "The app lacks required scopes: {missing}. Add them under “Scopes” in the "
                "Zoom App Marketplace, then run this again."
            ),
        },
        "link.user_not_found": {
            "ja": "Zoom ユーザー「{user}」が見つかりませんでした({detail})。",
            "en": "Zoom user “{user}” was not found ({detail}).",
        },
        "link.already_linked": {
            "ja": "この Zoom ユーザー({email})は「{existing}」として既に連携されています。",
            "en": "This Zoom user ({email}) is already linked as “{existing}”.",
        },
        "link.linked": {
            "ja": "Zoom アカウント「{name}」({email})を連携しました。",
            "en": "Linked the Zoom account “{name}” ({email}).",
        },
        "link.not_found": {
            "ja": "「{name}」という Zoom アカウントは連携されていません。",
            "en": "No Zoom account named “{name}” is linked.",
        },
        "link.removed": {
            "ja": "Zoom アカウント「{name}」の連携を解除しました。発行済みのミーティングは残ります。",
            "en": "Unlinked the Zoom account “{name}”. Meetings already issued are kept.",
        },
    }
)


MESSAGES.update(
    {
        # ---- reminder templates (bot.services.templates)
        "template.default_reminder": {
            "ja": ":alarm_clock: リマインダー: {kind}「{event}」は {start} に始まります({offset})。",
            "en": ":alarm_clock: Reminder: {kind} “{event}” starts {start} ({offset}).",
        },
        "template.error.unknown_variable": {
            "ja": "{field} という変数はありません。使える変数: {variables}",
            "en": "There is no variable {field}. Variables: {variables}",
        },
        "template.error.bad_braces": {
            "ja": (
                "波括弧の対応が取れていません。変数は {example} のように書き、"
                "波括弧そのものは二重({{{{ と }}}})にしてください。"
            ),
            "en": (
                "The braces don't match. Write a variable like {example}; "
                "for a brace itself, double it ({{{{ or }}}})."
            ),
        },
        "template.error.format_spec": {
            "ja": "{field} の書式指定は使えません。{example} と書いてください。",
            "en": "{field}: formatting options are not supported. Write {example}.",
        },
        "template.error.empty": {
            "ja": (
                "この文面ではメッセージが空になります(値のない変数だけなど)。"
                "文字を加えるか、値のある変数を使ってください。"
            ),
            "en": (
                "This text comes out empty (e.g. only variables with no value). "
                "Add some words, or use variables that have a value."
            ),
        },
        "template.error.too_long": {
            "ja": "文面は {max} 文字以内で入力してください。",
            "en": "Keep the text to {max} characters.",
        },
        "template.sample_url": {
            "ja": "(Zoom URL は作成時に発行)",
            "en": "(Zoom URL, issued on create)",
        },
        "template.sample_passcode": {"ja": "(パスコード)", "en": "(passcode)"},
        # ---- the reminder message field in the create modal
        "modal.template": {"ja": "リマインダーの文面(任意)", "en": "Reminder message (optional)"},
        "modal.template_hint": {
            "ja": (
                "空欄ならワークスペースの既定の文面です。この文面は全員に使われ、変数は送信時に"
                "各参加者の名前・言語・タイムゾーンで埋まります。変数: {variables}"
            ),
            "en": (
                "Leave empty for the workspace default. This text goes to everyone; variables are "
                "filled in at send time with each participant's name, language and time zone. "
                "Variables: {variables}"
            ),
        },
        "modal.template_preview": {"ja": "プレビュー", "en": "Preview"},
        "modal.preview": {
            "ja": "*プレビュー({name} さんへの表示)*\n{text}",
            "en": "*Preview (as {name} would see it)*\n{text}",
        },
        "modal.preview_error": {"ja": ":warning: {error}", "en": ":warning: {error}"},
        # ---- reminder settings (App Home, admins only)
        "home.settings": {"ja": "リマインダー設定", "en": "Reminder settings"},
        "home.settings_summary": {
            "ja": "静かな時間帯: {quiet}\n祝日カレンダー: {country}\n既定の文面: 日本語 {ja} / 英語 {en}",
            "en": "Quiet hours: {quiet}\nHoliday calendar: {country}\n"
            "Default message: Japanese {ja} / English {en}",
        },
        "home.quiet_off": {"ja": "なし", "en": "off"},
        "home.template_builtin": {"ja": "組み込み", "en": "built-in"},
        "home.template_custom": {"ja": "カスタム", "en": "custom"},
        "settings.title": {"ja": "リマインダー設定", "en": "Reminder settings"},
        "settings.submit": {"ja": "保存", "en": "Save"},
        "settings.close": {"ja": "キャンセル", "en": "Cancel"},
        "settings.template_ja": {
            "ja": "既定の文面(日本語の参加者向け)",
            "en": "Default message (Japanese readers)",
        },
        "settings.template_en": {
            "ja": "既定の文面(英語の参加者向け)",
            "en": "Default message (English readers)",
        },
        "settings.template_hint": {
            "ja": "空欄なら組み込みの文面です。イベントごとの文面があればそちらが優先されます。変数: {variables}",
            "en": (
                "Leave empty for the built-in text. An event's own message takes precedence. "
                "Variables: {variables}"
            ),
        },
        "settings.quiet": {"ja": "静かな時間帯", "en": "Quiet hours"},
        "settings.quiet_off": {
            "ja": "使わない(何時でも送る)",
            "en": "Off (send at any hour)",
        },
        "settings.quiet_start": {"ja": "静かな時間帯の開始", "en": "Quiet hours start"},
        "settings.quiet_end": {"ja": "静かな時間帯の終了", "en": "Quiet hours end"},
        "settings.quiet_hint": {
            "ja": (
                "各参加者のタイムゾーンで判定します。この時間帯に当たるリマインダーは終了時刻に"
                "(開始に間に合わなければ開始時刻に)送ります。"
            ),
            "en": (
                "In each participant's own time zone. A reminder that falls inside goes at the "
                "end of the window, or at its start if the end would be too late."
            ),
        },
        "settings.country": {"ja": "祝日カレンダーの国", "en": "Holiday calendar country"},
        "settings.country_hint": {
            "ja": "営業日の計算に使います。2 文字の国コード(例: JP, US)。",
            "en": "Used for business days. A two-letter country code (e.g. JP, US).",
        },
        "settings.error.country": {
            "ja": "「{code}」の祝日カレンダーはありません。JP や US のような 2 文字の国コードを入力してください。",
            "en": "There is no holiday calendar for “{code}”. Enter a two-letter code such as JP or US.",
        },
        "settings.error.quiet_missing": {
            "ja": "開始と終了の両方を選んでください(使わない場合は「使わない」にチェック)。",
            "en": "Pick both a start and an end (or tick Off).",
        },
        "settings.error.quiet_same": {
            "ja": "開始と終了は別の時刻にしてください。",
            "en": "The start and the end must differ.",
        },
        "settings.refused": {
            "ja": ":no_entry: リマインダー設定を変更できるのはワークスペースの管理者だけです。",
            "en": ":no_entry: Only workspace admins can change the reminder settings.",
        },
    }
)


MESSAGES.update(
    {
        # ---- Zoom accounts in Slack: App Home section, `/recruit zoom`, add/remove/settings
        "zoomui.header": {"ja": "Zoom連携", "en": "Zoom accounts"},
        "card.account_unlinked": {"ja": "{name}(連携解除済み)", "en": "{name} (unlinked)"},
        # ---- the card's lifecycle buttons and sign-ups (issue 6)
        "card.edit": {"ja": "編集", "en": "Edit"},
        "card.reissue": {"ja": "URL再発行", "en": "Reissue URL"},
        "card.cancel": {"ja": "キャンセル", "en": "Cancel"},
        "card.signups_open": {"ja": "*参加申し込み* {count} 名", "en": "*Signed up* {count}"},
        "card.signups_capacity": {
            "ja": "*参加申し込み* {count} / {capacity} 名",
            "en": "*Signed up* {count} / {capacity}",
        },
        "card.signups_full": {"ja": "(満員)", "en": "(full)"},
        "zoomui.intro_manager": {
            "ja": "Zoom アカウントの追加・再接続・設定・連携解除ができます。",
            "en": "You can add, reconnect, configure and remove Zoom accounts.",
        },
        "zoomui.intro_readonly": {
            "ja": (
                "アカウントの追加と連携解除は、ワークスペース管理者か管理者が許可したユーザーが"
                "行います。"
            ),
            "en": ("Workspace admins, and the users they allow, add and remove accounts."),
        },
        "zoomui.none": {
            "ja": "まだ Zoom アカウントが連携されていません。",
            "en": "No Zoom account is linked yet.",
        },
        "zoomui.account_line": {
            "ja": "*{name}* · {email}\n{licence} · {method} · {status} · 連携: <@{linked_by}>{owner}",
            "en": "*{name}* · {email}\n{licence} · {method} · {status} · linked by <@{linked_by}>{owner}",
        },
        "zoomui.owner_you": {"ja": " · あなたの Zoom", "en": " · your own Zoom"},
        "zoomui.owner_other": {"ja": " · <@{owner}> の Zoom", "en": " · <@{owner}>'s own Zoom"},
        "zoomui.licence.1": {"ja": "Basic(無料)", "en": "Basic (free)"},
        "zoomui.licence.2": {"ja": "有料ライセンス", "en": "Licensed"},
        "zoomui.licence.unknown": {"ja": "ライセンス不明", "en": "licence unknown"},
        "zoomui.method.s2s": {"ja": "Server-to-Server OAuth", "en": "Server-to-Server OAuth"},
        "zoomui.method.oauth_app": {"ja": "チームの Zoom アプリ", "en": "team's Zoom app"},
        "zoomui.method.oauth_shared": {"ja": "recruitbot の共有アプリ", "en": "recruitbot's app"},
        "zoomui.more": {"ja": "ほか {count} 件", "en": "and {count} more"},
        "zoomui.add": {"ja": "アカウントを追加", "en": "Add account"},
        "zoomui.link_mine": {"ja": "自分の Zoom を連携", "en": "Link my Zoom"},
        "zoomui.menu.reconnect": {"ja": "再接続", "en": "Reconnect"},
        "zoomui.menu.settings": {"ja": "設定", "en": "Settings"},
        "zoomui.menu.remove": {"ja": "連携解除", "en": "Remove"},
        "zoomui.managers": {
            "ja": "*Zoom 連携を管理できるユーザー*\n管理者に加えて、ここで選んだユーザーがアカウントを追加・連携解除できます。",
            "en": "*Who may manage Zoom accounts*\nBesides admins, the users chosen here may add and remove accounts.",
        },
        "zoomui.managers_placeholder": {"ja": "ユーザーを選択", "en": "Choose users"},
        "zoomui.refused": {
            "ja": (
                "Zoom アカウントの追加・設定・連携解除は、ワークスペース管理者か管理者が許可した"
                "ユーザーだけができます。何も変更していません。"
            ),
            "en": (
                "Only workspace admins, and the users they allow, may add, configure or remove "
                "Zoom accounts. Nothing was changed."
            ),
        },
        "zoomui.refused_admin": {
            "ja": "これを変更できるのはワークスペース管理者だけです。何も変更していません。",
            "en": "Only workspace admins may change this. Nothing was changed.",
        },
        "zoomui.gone": {
            "ja": "このアカウントはもう連携されていません(他の人が連携解除した可能性があります)。",
            "en": "This account is no longer linked (someone may have removed it).",
        },
        "zoomui.shared_unavailable": {
            "ja": "recruitbot の共有 Zoom アプリが設定されていません(ZOOM_CLIENT_ID)。管理者に連絡してください。",
            "en": "recruitbot's shared Zoom app is not configured (ZOOM_CLIENT_ID). Ask an admin.",
        },
        # the add modal
        "zoomui.add_title": {"ja": "Zoom アカウントを追加", "en": "Add a Zoom account"},
        "zoomui.add_submit": {"ja": "保存してトークン発行", "en": "Save and authorize"},
        "zoomui.close": {"ja": "閉じる", "en": "Close"},
        "zoomui.cancel": {"ja": "キャンセル", "en": "Cancel"},
        "zoomui.method": {"ja": "連携方法", "en": "How to connect"},
        "zoomui.method_app": {
            "ja": "チームの Zoom アプリ(OAuth)",
            "en": "Your team's Zoom app (OAuth)",
        },
        "zoomui.method_app_hint": {
            "ja": "Zoom で作成した General App。保存後のリンクから Zoom で「許可」します。",
            "en": "A General App you built in Zoom. After saving, allow it in Zoom via the link.",
        },
        "zoomui.method_s2s": {"ja": "Server-to-Server OAuth", "en": "Server-to-Server OAuth"},
        "zoomui.method_s2s_hint": {
            "ja": "Account ID・Client ID・Secret をその場で確認して連携します。",
            "en": "The Account ID, Client ID and Secret are checked and linked at once.",
        },
        "zoomui.name": {"ja": "名称", "en": "Name"},
        "zoomui.name_placeholder": {"ja": "例: 面接ルームA", "en": "e.g. Interview room A"},
        "zoomui.client_id": {"ja": "Client ID", "en": "Client ID"},
        "zoomui.client_secret": {"ja": "Client Secret", "en": "Client Secret"},
        "zoomui.account_id": {
            "ja": "Account ID(Server-to-Server のみ)",
            "en": "Account ID (Server-to-Server only)",
        },
        "zoomui.zoom_user": {
            "ja": "Zoom ユーザーのメールアドレス(Server-to-Server のみ・任意)",
            "en": "Zoom user's e-mail (Server-to-Server only, optional)",
        },
        "zoomui.zoom_user_hint": {
            "ja": "省略するとアプリを作成したユーザーがホストになります。",
            "en": "Leave empty to host as the user who built the app.",
        },
        "zoomui.account_id_required": {
            "ja": "Server-to-Server OAuth には Account ID が必要です。",
            "en": "Server-to-Server OAuth needs the Account ID.",
        },
        "zoomui.secret_again": {
            "ja": "安全のため、Client Secret はもう一度入力してください。",
            "en": "For safety, please enter the Client Secret again.",
        },
        "zoomui.checking": {
            "ja": "Zoom に確認しています…",
            "en": "Checking with Zoom…",
        },
        "zoomui.linked": {
            "ja": ":white_check_mark: Zoom アカウント「{name}」({email})を連携しました。",
            "en": ":white_check_mark: Linked the Zoom account “{name}” ({email}).",
        },
        "zoomui.link_failed": {
            "ja": ":warning: 連携できませんでした。{reason}",
            "en": ":warning: Could not link the account. {reason}",
        },
        # the authorize step (team app, shared app, reconnect)
        "zoomui.authorize_title": {"ja": "Zoom で許可", "en": "Allow in Zoom"},
        "zoomui.authorize_text": {
            "ja": (
                "「{name}」を連携するため、下のボタンから Zoom にサインインし「許可」を押して"
                "ください。リンクの有効期限は 15 分で、1 回だけ使えます。完了すると DM で"
                "お知らせし、ホームの一覧が更新されます。"
            ),
            "en": (
                "To link “{name}”, sign in to Zoom with the button below and press “Allow”. "
                "The link works once, for 15 minutes. You will get a DM when it is done, and "
                "the list in the Home tab updates."
            ),
        },
        "zoomui.authorize_button": {"ja": "Zoom で許可する", "en": "Allow in Zoom"},
        "zoomui.troubleshooting": {
            "ja": (
                "*Zoom にこう表示されたら*\n"
                "• 「An account admin is required to install this type of app」… アカウントレベル"
                "(admin-managed)のアプリは Zoom の管理者しか許可できません。(1) Zoom 管理者に"
                "あなたのロールを Admin に変更してもらうか、(2) アプリを user-managed として"
                "作り直してください。\n"
                "• 管理者の事前承認(pre-approval)が必要と表示された … Zoom の管理者に"
                "App Marketplace の「Manage」→「Permissions」でこのアプリの事前承認を依頼し、"
                "承認後にもう一度このボタンを押してください。\n"
                "• 「Invalid client_id」… Client ID が違います。アプリの「App Credentials」から"
                "コピーし直して追加し直してください。\n"
                "• リダイレクト URL の不一致 … アプリの「Redirect URL for OAuth」と"
                "「OAuth Allow Lists」に `{redirect}` を登録してください。"
            ),
            "en": (
                "*If Zoom shows*\n"
                "• “An account admin is required to install this type of app” — only Zoom admins "
                "can allow an account-level (admin-managed) app. Either (1) ask a Zoom admin to "
                "change your role to Admin, or (2) rebuild the app as user-managed.\n"
                "• that the app needs admin pre-approval — ask a Zoom admin to pre-approve it in "
                "the App Marketplace (Manage → Permissions), then press the button again.\n"
                "• “Invalid client_id” — the Client ID is wrong: copy it again from the app's "
                "“App Credentials” and add the account again.\n"
                "• a redirect URL mismatch — add `{redirect}` to the app's “Redirect URL for "
                "OAuth” and “OAuth Allow Lists”."
            ),
        },
        # remove
        "zoomui.remove_title": {"ja": "連携解除", "en": "Remove account"},
        "zoomui.remove_submit": {"ja": "連携解除する", "en": "Remove"},
        "zoomui.remove_text": {
            "ja": (
                "*{name}*({email})の連携を解除しますか?\n"
                "• 発行済みのミーティングは削除されません。そのイベントにはアカウント名が"
                "「連携解除済み」として残ります。\n"
                "• 保存しているトークンは Zoom で失効させ(可能な場合)、削除します。"
            ),
            "en": (
                "Remove *{name}* ({email})?\n"
                "• Meetings already issued are not deleted; their events keep the account's "
                "name, marked as unlinked.\n"
                "• The stored tokens are revoked in Zoom where Zoom allows, and deleted."
            ),
        },
        # settings
        "zoomui.settings_title": {"ja": "アカウント設定", "en": "Account settings"},
        "zoomui.save": {"ja": "保存", "en": "Save"},
        "zoomui.settings_intro": {"ja": "*{name}* · {email}", "en": "*{name}* · {email}"},
        "zoomui.priority": {
            "ja": "「自動」での優先度(小さいほど先)",
            "en": "Priority for Automatic (lower goes first)",
        },
        "zoomui.priority_invalid": {
            "ja": "1〜999 の整数で入力してください。",
            "en": "Enter a whole number from 1 to 999.",
        },
        "zoomui.concurrent": {"ja": "同時に開催できるミーティング数", "en": "Meetings at once"},
        "zoomui.concurrent_licence": {
            "ja": "ライセンスに従う(1)",
            "en": "From the licence (1)",
        },
        "zoomui.concurrent_1": {"ja": "1(Basic・Pro)", "en": "1 (Basic, Pro)"},
        "zoomui.concurrent_2": {"ja": "2(Business 以上)", "en": "2 (Business and up)"},
        "zoomui.owner": {
            "ja": "この Zoom ユーザーの持ち主(任意)",
            "en": "Whose own Zoom user this is (optional)",
        },
        "zoomui.owner_hint": {
            "ja": "この人が参加者にいると、「自動」はこのアカウントを優先します。",
            "en": "When this person takes part, Automatic prefers this account.",
        },
        "zoomui.defaults": {"ja": "ミーティングの既定値", "en": "Meeting defaults"},
        "zoomui.embed_passcode": {
            "ja": "パスコードを URL に含める",
            "en": "Embed the passcode in the URL",
        },
        "zoomui.join_before_host": {
            "ja": "ホストより前の入室を許可する",
            "en": "Let participants join before the host",
        },
        "zoomui.waiting_room": {"ja": "待機室を有効にする", "en": "Turn on the waiting room"},
    }
)


MESSAGES.update(
    {
        # ---- Zoom OAuth linking (authorize link, callback page and DM, needs-reconnect DM)
        "zoomlink.no_public_url": {
            "ja": (
                "PUBLIC_URL が設定されていないため、Zoom からの戻り先(`/zoom/oauth/callback`)を"
                "作れません。ボットの管理者に PUBLIC_URL の設定を依頼してください。"
            ),
            "en": (
                "PUBLIC_URL is not set, so Zoom has nowhere to send you back "
                "(`/zoom/oauth/callback`). Ask whoever runs the bot to set PUBLIC_URL."
            ),
        },
        "zoomlink.no_shared_app": {
            "ja": (
                "このボットには共有の Zoom アプリ(ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET)が"
                "設定されていません。チームの Zoom アプリで連携してください。"
            ),
            "en": (
                "This bot has no shared Zoom app (ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET). "
                "Link through your team's own Zoom app instead."
            ),
        },
        "zoomlink.not_oauth": {
            "ja": "Server-to-Server OAuth のアカウントは Zoom の許可画面を使いません。",
            "en": "Server-to-Server OAuth accounts don't go through Zoom's Allow page.",
        },
        "zoomlink.credentials_missing": {
            "ja": "Zoom アプリの Client ID と Client Secret を入力してください。",
            "en": "Enter the Zoom app's Client ID and Client Secret.",
        },
        "zoomlink.state_unknown": {
            "ja": (
                "このリンクは無効か、既に使われています。Slack のホームタブから連携を"
                "やり直してください。"
            ),
            "en": (
                "This link is not valid or was already used. Start again from the bot's Home "
                "tab in Slack."
            ),
        },
        "zoomlink.state_expired": {
            "ja": "リンクの有効期限(15 分)が切れました。Slack のホームタブから連携をやり直してください。",
            "en": "The link expired (it works for 15 minutes). Start again from the Home tab in Slack.",
        },
        "zoomlink.declined": {
            "ja": (
                "Zoom で「許可」されなかったため、連携しませんでした。連携する場合は、"
                "もう一度リンクを開いて「許可」を押してください。"
            ),
            "en": (
                "Zoom was not allowed, so nothing was linked. To link, open a new link and "
                "press “Allow”."
            ),
        },
        "zoomlink.zoom_error": {
            "ja": "Zoom がエラーを返しました({error})。Slack から連携をやり直してください。",
            "en": "Zoom answered with an error ({error}). Start again from Slack.",
        },
        "zoomlink.invalid_client": {
            "ja": (
                "Zoom が Client ID または Client Secret を拒否しました。Zoom App Marketplace で"
                "アプリの「App Credentials」から両方をコピーし直し、アカウントを追加し直してください。"
            ),
            "en": (
                "Zoom refused the Client ID or Client Secret. Copy both again from the app's "
                "“App Credentials” page in the Zoom App Marketplace and add the account again."
            ),
        },
        "zoomlink.shared_invalid_client": {
            "ja": (
                "Zoom がこのボットの共有アプリの認証情報を拒否しました。ボットの管理者に "
                "ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET の確認を依頼してください。"
            ),
            "en": (
                "Zoom refused this bot's shared app. Ask whoever runs the bot to check "
                "ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET."
            ),
        },
        "zoomlink.redirect_mismatch": {
            "ja": (
                "リダイレクト URL が一致しません。Zoom のアプリの「Redirect URL for OAuth」と"
                "「OAuth Allow Lists」に {redirect} を登録してから、連携をやり直してください。"
            ),
            "en": (
                "The redirect URL does not match. Add {redirect} to the Zoom app's “Redirect "
                "URL for OAuth” and “OAuth Allow Lists”, then start again."
            ),
        },
        "zoomlink.code_rejected": {
            "ja": (
                "Zoom が認可コードを受け付けませんでした(期限切れか使用済み)。Slack のホームタブ"
                "から連携をやり直してください。"
            ),
            "en": (
                "Zoom did not accept the authorization code (expired or already used). Start "
                "again from the Home tab in Slack."
            ),
        },
        "zoomlink.missing_scopes": {
            "ja": (
                "Zoom のアプリに必要なスコープがありません: {missing}。Zoom App Marketplace で"
                "アプリの「Scopes」に追加してから、連携をやり直してください。"
            ),
            "en": (
                "The Zoom app lacks required scopes: {missing}. Add them under the app's "
                "“Scopes” in the Zoom App Marketplace, then start again."
            ),
        },
        "zoomlink.reconnect_other_user": {
            "ja": (
                "「{name}」は Zoom ユーザー {expected} の連携ですが、{email} で許可されました。"
                "{expected} で Zoom にサインインし直して再接続してください。"
            ),
            "en": (
                "“{name}” is the Zoom user {expected}, but {email} allowed it. Sign in to Zoom "
                "as {expected} and reconnect again."
            ),
        },
        "zoomlink.reconnect_gone": {
            "ja": "再接続しようとした Zoom アカウントは、既に連携解除されています。",
            "en": "The Zoom account you were reconnecting has been removed meanwhile.",
        },
        "zoomlink.conflict": {
            "ja": "同じ Zoom ユーザーか名称の連携が同時に保存されました。一覧を確認してください。",
            "en": "A link for the same Zoom user or name was saved at the same moment. Check the list.",
        },
        "zoomlink.unreachable": {
            "ja": "Zoom に接続できませんでした。少し待ってから、このページを再読み込みしてください。",
            "en": "Zoom could not be reached. Wait a moment, then reload this page.",
        },
        "zoomlink.internal": {
            "ja": "ボット内部で問題が発生しました(参照: {ref})。管理者に連絡してください。",
            "en": "Something went wrong on my side (reference: {ref}). Tell your admin.",
        },
        "zoomlink.linked": {
            "ja": ":white_check_mark: Zoom アカウント「{name}」({email})を連携しました。`/recruit` で選べます。",
            "en": ":white_check_mark: Linked the Zoom account “{name}” ({email}). Pick it in `/recruit`.",
        },
        "zoomlink.reconnected": {
            "ja": ":white_check_mark: Zoom アカウント「{name}」({email})を再接続しました。",
            "en": ":white_check_mark: Reconnected the Zoom account “{name}” ({email}).",
        },
        "zoomlink.failed": {
            "ja": ":warning: Zoom の連携ができませんでした。{reason}",
            "en": ":warning: The Zoom account was not linked. {reason}",
        },
        "zoomlink.page_title": {"ja": "recruitbot × Zoom", "en": "recruitbot × Zoom"},
        "zoomlink.page_back": {
            "ja": "このページを閉じて Slack に戻ってください。",
            "en": "You can close this page and go back to Slack.",
        },
        "zoomlink.needs_reconnect_dm": {
            "ja": (
                ":warning: Zoom アカウント「{name}」({email})が使えなくなりました({reason})。"
                "再接続するまで、このアカウントでは新しいイベントを作成できません。作成済みの"
                "イベントはそのままです。下のボタンから再接続してください。"
            ),
            "en": (
                ":warning: The Zoom account “{name}” ({email}) stopped working ({reason}). "
                "Until it is reconnected, new events can't use it; events already created stay "
                "as they are. Reconnect it with the button below."
            ),
        },
        "zoomlink.reason.invalid_grant": {
            "ja": "Zoom での許可が取り消されたか、期限が切れました",
            "en": "its permission in Zoom was withdrawn or expired",
        },
        "zoomlink.reason.invalid_client": {
            "ja": "Zoom がアプリの認証情報を拒否しました",
            "en": "Zoom refused the app's credentials",
        },
        "zoomlink.reconnect_button": {"ja": "再接続", "en": "Reconnect"},
    }
)


MESSAGES.update(
    {
        # ---- account choice: account states in the create modal, inline errors, why 「自動」
        # chose an account (the card's thread), meeting settings on the card
        "choice.state.free": {"ja": "空き", "en": "free"},
        "choice.state.busy": {"ja": "予定あり {times}", "en": "busy {times}"},
        "choice.state.shared": {
            "ja": "予定あり {times}(同時 {count}/{limit})",
            "en": "busy {times} ({count}/{limit} at once)",
        },
        "choice.state.at_limit": {
            "ja": "同時開催の上限 {count}/{limit}",
            "en": "at its limit, {count}/{limit} at once",
        },
        "choice.state.near_quota": {"ja": "本日 {used}/{quota} 件", "en": "{used}/{quota} today"},
        "choice.state.exhausted": {
            "ja": "本日の上限 {quota} 件({reset} にリセット)",
            "en": "daily limit {quota} reached (resets {reset})",
        },
        "choice.state.needs_reconnect": {"ja": "要再接続", "en": "needs reconnect"},
        "choice.state.unchecked": {"ja": "Zoom の予定は未確認", "en": "Zoom calendar not checked"},
        "choice.error.busy": {
            "ja": "「{name}」はこの時間に予定があります({times})。別のアカウントか「自動」を選んでください。",
            "en": "“{name}” is busy at that time ({times}). Pick another account or Automatic.",
        },
        "choice.error.at_limit": {
            "ja": (
                "「{name}」はこの時間、同時に開催できる上限({limit} 件)に達しています。"
                "別のアカウントか「自動」を選んでください。"
            ),
            "en": (
                "“{name}” already hosts {limit} meetings at that time, as many as it may at "
                "once. Pick another account or Automatic."
            ),
        },
        "choice.error.exhausted": {
            "ja": (
                "「{name}」は今日の Zoom のミーティング作成・更新の上限({quota} 件)に達しています"
                "({reset} にリセット)。別のアカウントか「自動」を選んでください。"
            ),
            "en": (
                "“{name}” has used today's Zoom limit of {quota} meeting creates and updates "
                "(resets {reset}). Pick another account or Automatic."
            ),
        },
        "choice.error.none_free": {
            "ja": (
                "この時間に使える Zoom アカウントがありません({reasons})。"
                "時間を変えるか、管理者にアカウントの追加を依頼してください。"
            ),
            "en": (
                "No Zoom account is free at that time ({reasons}). Try another time, or ask an "
                "admin to link another account."
            ),
        },
        "choice.reason.busy": {"ja": "予定あり {times}", "en": "busy {times}"},
        "choice.reason.at_limit": {
            "ja": "同時開催の上限 {count}/{limit}",
            "en": "{count}/{limit} meetings at once",
        },
        "choice.reason.exhausted": {
            "ja": "本日 {used}/{quota} 件(上限)",
            "en": "{used}/{quota} today (limit reached)",
        },
        "choice.reason.needs_reconnect": {"ja": "要再接続", "en": "needs reconnect"},
        "choice.reason.near_quota": {"ja": "本日 {used}/{quota} 件", "en": "{used}/{quota} today"},
        "choice.reason.unchecked": {
            "ja": "Zoom の予定を確認できず",
            "en": "Zoom calendar could not be checked",
        },
        "choice.reason.more_meetings": {
            "ja": "この日 {count} 件",
            "en": "{count} meetings that day",
        },
        "choice.reason.zoom_rate_limited": {
            "ja": "Zoom の回数制限(429)",
            "en": "Zoom rate limit (429)",
        },
        "choice.reason.zoom_daily_limit": {
            "ja": "Zoom の1日の上限(429)",
            "en": "Zoom daily limit (429)",
        },
        "choice.reason.zoom_unavailable": {
            "ja": "Zoom のエラー({status})",
            "en": "Zoom error ({status})",
        },
        "choice.reason.zoom_timeout": {
            "ja": "Zoom が時間内に応答せず",
            "en": "Zoom did not answer in time",
        },
        "choice.chosen_own": {
            "ja": "{name}(<@{owner}> さんの Zoom)",
            "en": "{name} (<@{owner}>'s own Zoom)",
        },
        "choice.note": {
            "ja": ":information_source: Zoom アカウントの選択: {line}",
            "en": ":information_source: Zoom account choice: {line}",
        },
        "zoom.reason.account_taken": {
            "ja": "Zoom アカウント「{account}」はこの時間に使えません({why})。",
            "en": "The Zoom account “{account}” can't host at that time ({why}).",
        },
        "zoom.reason.none_free": {
            "ja": "この時間に使える Zoom アカウントがありません({reasons})。",
            "en": "No Zoom account is free at that time ({reasons}).",
        },
        "zoom.advice.other_time": {
            "ja": "時間を変えるか別のアカウントを選んで、もう一度 `/recruit` で作成してください。",
            "en": "Pick another time or account and create it again with `/recruit`.",
        },
        "card.meeting_options": {"ja": "ミーティング設定", "en": "Meeting settings"},
        "card.option.passcode_embedded": {
            "ja": "パスコード: URL に埋め込み",
            "en": "Passcode: in the URL",
        },
        "card.option.passcode_separate": {
            "ja": "パスコード: URL とは別に入力",
            "en": "Passcode: entered separately",
        },
        "card.option.join_before_host_on": {
            "ja": "ホストより前の入室: 可",
            "en": "Join before host: on",
        },
        "card.option.join_before_host_off": {
            "ja": "ホストより前の入室: 不可",
            "en": "Join before host: off",
        },
        "card.option.waiting_room_on": {"ja": "待機室: オン", "en": "Waiting room: on"},
        "card.option.waiting_room_off": {"ja": "待機室: オフ", "en": "Waiting room: off"},
        "card.hint.waiting_room": {
            "ja": (
                ":warning: 待機室がオンのため、ホスト(Zoom アカウント「{account}」)が入室を"
                "許可するまで参加者は待機室で待ちます。このアカウントでミーティングを開始して"
                "参加者を入室させる人を決めておいてください。"
            ),
            "en": (
                ":warning: The waiting room is on: participants wait until the host (the Zoom "
                "account “{account}”) admits them. Make sure someone starts the meeting with "
                "this account and lets people in."
            ),
        },
        "card.hint.no_early_join": {
            "ja": (
                ":warning: ホストより前の入室が不可のため、ホスト(Zoom アカウント「{account}」)が"
                "ミーティングを開始するまで参加者は入室できません。このアカウントで開始する人を"
                "決めておいてください。"
            ),
            "en": (
                ":warning: Joining before the host is off: participants can't get in until the "
                "host (the Zoom account “{account}”) starts the meeting. Make sure someone "
                "starts it with this account."
            ),
        },
    }
)


MESSAGES.update(
    {
        # ---- sign-ups
        "card.signup_join": {"ja": "参加する", "en": "Join"},
        "card.signup_leave": {"ja": "参加をやめる", "en": "Leave"},
        "modal.signups": {"ja": "参加申し込み", "en": "Sign-ups"},
        "modal.signups_open": {"ja": "参加申し込みを受け付ける", "en": "Take sign-ups"},
        "modal.url_on_signup": {
            "ja": "参加申し込み時にミーティングURLを通知する",
            "en": "Send the meeting URL on sign-up",
        },
        "modal.signups_hint": {
            "ja": "カードに「参加する」「参加をやめる」ボタンと申し込み数を表示します。",
            "en": "The card gets Join and Leave buttons and shows how many signed up.",
        },
        "modal.signup_capacity": {"ja": "定員", "en": "Capacity"},
        "modal.signup_capacity_hint": {
            "ja": "参加申し込みの上限(1〜10000 名)。空欄なら上限なし。",
            "en": "The most sign-ups taken (1 to 10000). Leave it empty for no limit.",
        },
        "error.signup_capacity": {
            "ja": "定員は 1〜10000 の整数で入力してください(空欄なら上限なし)。",
            "en": "Enter a capacity from 1 to 10000, or leave it empty for no limit.",
        },
        "dm.signup_invitation": {
            "ja": "{kind}「{title}」への参加申し込みを受け付けました(主催: <@{organizer}> さん)。",
            "en": "You're signed up for the {kind} “{title}” (organized by <@{organizer}>).",
        },
        "skip.participant_left": {"ja": "参加をやめました", "en": "the participant left"},
        "audit.field.signed_up": {"ja": "申し込み数", "en": "signed up"},
        "audit.field.capacity": {"ja": "定員", "en": "capacity"},
        "audit.field.reminders_skipped": {
            "ja": "止めたリマインダー",
            "en": "reminders stopped",
        },
        "skip.due_before_signup": {
            "ja": "参加申し込みの時点で時刻を過ぎていました",
            "en": "its time had passed when they signed up",
        },
        "signup.not_found": {
            "ja": ":warning: このイベントは見つかりませんでした。",
            "en": ":warning: This event could not be found.",
        },
        "signup.join.ok_url": {
            "ja": ":white_check_mark: {kind}「{title}」に参加申し込みしました。ミーティング URL を DM でお送りします。",
            "en": ":white_check_mark: You're signed up for the {kind} “{title}”. The meeting URL is on its way by DM.",
        },
        "signup.join.ok": {
            "ja": ":white_check_mark: {kind}「{title}」に参加申し込みしました。",
            "en": ":white_check_mark: You're signed up for the {kind} “{title}”.",
        },
        "signup.join.full": {
            "ja": ":no_entry: {kind}「{title}」は満員(定員 {capacity} 名)のため、申し込めませんでした。",
            "en": ":no_entry: The {kind} “{title}” is full ({capacity} places), so you could not sign up.",
        },
        "signup.join.already_joined": {
            "ja": "{kind}「{title}」にはすでに参加申し込み済みです。",
            "en": "You're already signed up for the {kind} “{title}”.",
        },
        "signup.join.invited": {
            "ja": "あなたは{kind}「{title}」の参加者として招待済みです。申し込みは不要です。",
            "en": "You're already invited to the {kind} “{title}”; no need to sign up.",
        },
        "signup.join.closed": {
            "ja": ":no_entry: {kind}「{title}」は参加申し込みを受け付けていません。",
            "en": ":no_entry: The {kind} “{title}” is not taking sign-ups.",
        },
        "signup.join.cancelled": {
            "ja": ":no_entry: {kind}「{title}」はキャンセルされたため、申し込めません。",
            "en": ":no_entry: The {kind} “{title}” was cancelled; you can't sign up.",
        },
        "signup.join.started": {
            "ja": ":no_entry: {kind}「{title}」はすでに開始しているため、申し込めません。",
            "en": ":no_entry: The {kind} “{title}” has already started; you can't sign up.",
        },
        "signup.leave.ok": {
            "ja": "{kind}「{title}」への参加申し込みを取り消しました。リマインダーは届きません。",
            "en": "You left the {kind} “{title}”. You won't get its reminders.",
        },
        "signup.leave.not_joined": {
            "ja": "{kind}「{title}」には参加申し込みしていません。",
            "en": "You're not signed up for the {kind} “{title}”.",
        },
        "signup.leave.invited": {
            "ja": "あなたは<@{organizer}> さんから{kind}「{title}」に招待されています。参加をやめる場合は <@{organizer}> さんにご連絡ください。",
            "en": "<@{organizer}> invited you to the {kind} “{title}”. To drop out, please ask <@{organizer}>.",
        },
        "signup.leave.cancelled": {
            "ja": "{kind}「{title}」はキャンセルされました。取り消しの必要はありません。",
            "en": "The {kind} “{title}” was cancelled; there is nothing to leave.",
        },
        "signup.leave.started": {
            "ja": ":no_entry: {kind}「{title}」はすでに開始しているため、取り消せません。",
            "en": ":no_entry: The {kind} “{title}” has already started; you can't leave it now.",
        },
    }
)

MESSAGES.update(
    {
        # ---- list, audit, roles
        "list.header_mine": {"ja": "*あなたの今後の予定*", "en": "*Your upcoming events*"},
        "list.header_here": {
            "ja": "*あなたと <#{channel}> の今後の予定*",
            "en": "*Upcoming events: yours and <#{channel}>'s*",
        },
        "list.range": {
            "ja": "({total} 件中 {first}〜{last} 件目)",
            "en": "({first}–{last} of {total})",
        },
        "list.none": {
            "ja": "今後の予定はありません。`/recruit` でイベントを作成できます。",
            "en": "Nothing coming up. Create an event with `/recruit`.",
        },
        "list.item": {
            "ja": (
                "`#{id}` *{kind}* {title}{tags}\n{when} · {minutes}分 · <#{channel}> · "
                "主催 <@{organizer}> · 参加者 {count} 名"
            ),
            "en": (
                "`#{id}` *{kind}* {title}{tags}\n{when} · {minutes} min · <#{channel}> · "
                "organizer <@{organizer}> · {count} participant(s)"
            ),
        },
        "list.tag_under_way": {"ja": " · :red_circle: 開催中", "en": " · :red_circle: under way"},
        "list.tag_organizer": {"ja": " · あなたが主催", "en": " · you organize it"},
        "list.tag_participant": {"ja": " · あなたが参加", "en": " · you take part"},
        "list.previous": {"ja": "前へ", "en": "Previous"},
        "list.next": {"ja": "次へ", "en": "Next"},
        "list.fallback": {"ja": "今後の予定: {total} 件", "en": "Upcoming events: {total}"},
        "list.expired": {
            "ja": "この一覧は古くなりました。もう一度 `/recruit list` を実行してください。",
            "en": "This list has expired. Run `/recruit list` again.",
        },
        "home.my_events": {"ja": "自分の予定", "en": "My upcoming events"},
        "home.team_events": {
            "ja": "ワークスペースの予定(管理者)",
            "en": "The workspace's upcoming events (admins)",
        },
        "home.events_more": {
            "ja": "ほか {count} 件 — `/recruit list` ですべて表示できます。",
            "en": "and {count} more — `/recruit list` shows them all.",
        },
        "audit.usage": {
            "ja": (
                "`/recruit audit <イベントID>` の形で指定してください"
                "(ID は `/recruit list` に `#12` のように表示されます。カードのリンクも使えます)。"
            ),
            "en": (
                "Usage: `/recruit audit <event id>` (the id shows in `/recruit list` as `#12`; "
                "a link to the event's card works too)."
            ),
        },
        "audit.not_found": {
            "ja": "イベント「{ref}」は見つかりませんでした。`/recruit list` で ID を確認できます。",
            "en": "No event “{ref}” was found. `/recruit list` shows the ids.",
        },
        "audit.refused": {
            "ja": "このイベントの履歴を見られるのは、主催者とワークスペース管理者だけです。",
            "en": "Only the event's organizer and workspace admins can see its history.",
        },
        "audit.header": {
            "ja": "*履歴: `#{id}` {kind}「{title}」*",
            "en": "*History of `#{id}` {kind} “{title}”*",
        },
        "audit.none": {"ja": "まだ記録がありません。", "en": "Nothing recorded yet."},
        "audit.omitted": {
            "ja": "古い記録 {count} 件は表示していません。",
            "en": "{count} older entries not shown.",
        },
        "audit.line": {"ja": "{when} · {actor} · {what}", "en": "{when} · {actor} · {what}"},
        "audit.fallback": {
            "ja": "イベント #{id} の履歴({count} 件)",
            "en": "History of event #{id} ({count} entries)",
        },
        "audit.actor.zoom": {"ja": "Zoom", "en": "Zoom"},
        "audit.actor.system": {"ja": "recruitbot", "en": "recruitbot"},
        "audit.action.created": {"ja": "作成", "en": "created"},
        "audit.action.account_chosen": {
            "ja": "Zoom アカウント「{account}」を使用",
            "en": "Zoom account “{account}” used",
        },
        "audit.action.edited": {"ja": "編集", "en": "edited"},
        "audit.action.reissued": {"ja": "URL を再発行", "en": "reissued the URL"},
        "audit.action.cancelled": {"ja": "キャンセル", "en": "cancelled"},
        "audit.action.signed_up": {"ja": "参加申し込み", "en": "signed up"},
        "audit.action.left": {"ja": "参加取り消し", "en": "left"},
        "audit.action.changed_in_zoom": {"ja": "Zoom で変更", "en": "changed in Zoom"},
        "audit.change": {"ja": "{field}: {before} → {after}", "en": "{field}: {before} → {after}"},
        "audit.value": {"ja": "{field}: {value}", "en": "{field}: {value}"},
        "audit.field.start": {"ja": "開始", "en": "start"},
        "audit.field.duration": {"ja": "所要時間(分)", "en": "duration (min)"},
        "audit.field.title": {"ja": "タイトル", "en": "title"},
        "audit.field.kind": {"ja": "種別", "en": "kind"},
        "audit.field.channel": {"ja": "チャンネル", "en": "channel"},
        "audit.field.participants": {"ja": "参加者", "en": "participants"},
        "audit.field.note": {"ja": "メモ", "en": "note"},
        "audit.field.timezone": {"ja": "タイムゾーン", "en": "time zone"},
        "audit.field.reason": {"ja": "理由", "en": "reason"},
        "audit.field.why": {"ja": "選んだ理由", "en": "why"},
        "audit.field.requested": {"ja": "指定", "en": "requested"},
        "audit.field.meeting_id": {"ja": "ミーティング ID", "en": "meeting ID"},
        "audit.field.account": {"ja": "Zoom アカウント", "en": "Zoom account"},
        "audit.field.deleted": {"ja": "Zoom で削除", "en": "deleted in Zoom"},
        "audit.requested_auto": {"ja": "自動", "en": "Automatic"},
        "audit.reason.meeting_deleted_in_zoom": {
            "ja": "Zoom でミーティングが削除されました",
            "en": "the meeting was deleted in Zoom",
        },
        "roles.refused_create": {
            "ja": (
                "イベントを作成できるのは <!subteam^{group}> のメンバーだけです。"
                "作成が必要な場合はワークスペース管理者に依頼してください。"
            ),
            "en": (
                "Only members of <!subteam^{group}> can create events. If you need to, ask a "
                "workspace admin."
            ),
        },
        "roles.header": {"ja": "作成できる人と管理者", "en": "Who may create events, and admins"},
        "roles.recruiters": {
            "ja": "*イベントを作成できる人*\n全員、または選んだユーザーグループのメンバー(と管理者)。",
            "en": "*Who may create events*\nEveryone, or the members of a user group (and admins).",
        },
        "roles.everyone": {"ja": "ワークスペースの全員", "en": "Everyone in the workspace"},
        "roles.group_option": {"ja": "@{handle}({name})", "en": "@{handle} ({name})"},
        "roles.group_gone": {
            "ja": "(見つからないグループ {group})",
            "en": "(a group Slack no longer lists: {group})",
        },
        "roles.groups_unavailable": {
            "ja": "Slack のユーザーグループを読み込めませんでした({error})。",
            "en": "Slack's user groups could not be read ({error}).",
        },
        "roles.admins": {
            "ja": "*recruitbot の管理者*\nSlack のワークスペース管理者・オーナーは常に管理者です。",
            "en": "*recruitbot admins*\nSlack workspace admins and owners always are.",
        },
        "roles.admins_placeholder": {"ja": "ユーザーを選択", "en": "Pick people"},
        "roles.recruiters_placeholder": {"ja": "作成できる人", "en": "Who may create"},
    }
)

MESSAGES.update(
    {
        # ---- edit, reissue, cancel
        "event_change.not_found": {
            "ja": "このイベントは見つかりませんでした。削除されたか、別のワークスペースのものです。",
            "en": "This event could not be found: it was removed or belongs to another workspace.",
        },
        "event_change.not_scheduled": {
            "ja": "このイベントはすでにキャンセルされているため、変更できません。",
            "en": "This event has already been cancelled, so it can no longer be changed.",
        },
        "event_change.refused": {
            "ja": (
                "このイベントを編集・URL再発行・キャンセルできるのは、主催者、参加している"
                "採用担当者、管理者だけです。主催者に依頼してください。"
            ),
            "en": (
                "Only the organizer, a recruiter taking part, or an admin can edit, reissue or "
                "cancel this event. Please ask the organizer."
            ),
        },
        "event_change.reason_line": {"ja": "理由: {reason}", "en": "Reason: {reason}"},
        "cancel.modal_title": {"ja": "イベントをキャンセル", "en": "Cancel event"},
        "cancel.submit": {"ja": "キャンセルする", "en": "Cancel event"},
        "cancel.back": {"ja": "戻る", "en": "Back"},
        "cancel.confirm_text": {
            "ja": (
                "{kind}「{title}」({when})をキャンセルします。Zoom ミーティングは削除され、"
                "リマインダーは送られません。参加者には DM でお知らせします。"
            ),
            "en": (
                "This cancels the {kind} “{title}” ({when}). Its Zoom meeting is deleted, no "
                "reminder goes out, and every participant is told by DM."
            ),
        },
        "cancel.reason_label": {"ja": "理由(任意)", "en": "Reason (optional)"},
        "cancel.card_by": {
            "ja": ":x: <@{actor}> がキャンセルしました。",
            "en": ":x: Cancelled by <@{actor}>.",
        },
        "cancel.card_by_reason": {
            "ja": ":x: <@{actor}> がキャンセルしました。理由: {reason}",
            "en": ":x: Cancelled by <@{actor}>. Reason: {reason}",
        },
        "cancel.thread": {
            "ja": (
                "<@{actor}> がキャンセルしました。Zoom ミーティングを削除し、"
                "未送信のリマインダー {skipped} 件を止めました。"
            ),
            "en": (
                "Cancelled by <@{actor}>. The Zoom meeting was deleted and {skipped} pending "
                "reminder(s) stopped."
            ),
        },
        "cancel.zoom_not_deleted": {
            "ja": (
                ":warning: Zoom ミーティング({meeting_id})は削除できませんでした。"
                "Zoom で削除してください(参加者には送られません)。"
            ),
            "en": (
                ":warning: The Zoom meeting ({meeting_id}) could not be deleted; please delete "
                "it in Zoom (participants will not be sent it again)."
            ),
        },
        "cancel.dm": {
            "ja": "{kind}「{title}」({when})は <@{actor}> によりキャンセルされました。",
            "en": "The {kind} “{title}” ({when}) was cancelled by <@{actor}>.",
        },
    }
)

# ---- edit
MESSAGES.update(
    {
        "edit.modal_title": {"ja": "イベントを編集", "en": "Edit event"},
        "edit.submit": {"ja": "保存", "en": "Save"},
        "edit.conflict": {
            "ja": (
                "このモーダルを開いた後に、他の人がこのイベントを変更しました。入力内容を控えて"
                "からモーダルを閉じ、カードの「編集」を開き直してください(最新の内容が表示されます)。"
            ),
            "en": (
                "Someone else changed this event after you opened this form. Note what you "
                "entered, close the form and open “Edit” on the card again to see the latest "
                "version."
            ),
        },
        "edit.unchanged": {
            "ja": "変更点がなかったため、イベントはそのままです。",
            "en": "Nothing was changed, so the event stays as it was.",
        },
        "edit.thread": {
            "ja": ":pencil2: <@{actor}> が変更しました: {changes}",
            "en": ":pencil2: Changed by <@{actor}>: {changes}",
        },
        "edit.change.kind": {"ja": "種別 {old} → {new}", "en": "kind {old} → {new}"},
        "edit.change.timezone": {
            "ja": "タイムゾーン {old} → {new}",
            "en": "time zone {old} → {new}",
        },
        "edit.change.note": {"ja": "メモを更新", "en": "note updated"},
        "edit.change.signups": {"ja": "参加受付の設定を変更", "en": "sign-up settings changed"},
        "edit.change.added": {"ja": "参加者を追加 {users}", "en": "added {users}"},
        "edit.change.removed": {"ja": "参加者から削除 {users}", "en": "removed {users}"},
        "edit.zoom_recreated": {
            "ja": (
                ":warning: Zoom ミーティングが Zoom 側で削除されていたため、新しいミーティングを"
                "作成しました。新しい参加 URL: {url}"
            ),
            "en": (
                ":warning: The Zoom meeting had been deleted in Zoom, so a new one was created. "
                "New join URL: {url}"
            ),
        },
        "edit.zoom_not_updated": {
            "ja": (
                ":warning: Zoom ミーティングを更新できませんでした。Zoom には以前の内容が表示"
                "されたままですが、参加 URL は変わらず使えます: {url}"
            ),
            "en": (
                ":warning: The Zoom meeting could not be updated: Zoom still shows the old "
                "details, but the join URL stays the same and works: {url}"
            ),
        },
        "edit.zoom_lost": {
            "ja": (
                ":warning: Zoom ミーティングが Zoom 側で削除されていて、新しいミーティングも"
                "作成できませんでした。この URL は使えません({url})。新しい URL をお待ちください。"
            ),
            "en": (
                ":warning: The Zoom meeting had been deleted in Zoom and a new one could not be "
                "created. This URL no longer works ({url}); please wait for a new one."
            ),
        },
        "edit.zoom_no_account": {
            "ja": (
                ":warning: 発行した Zoom アカウントの連携が解除されているため、Zoom 側の内容は"
                "変更していません。参加 URL は変わりません: {url}"
            ),
            "en": (
                ":warning: The issuing Zoom account is no longer linked, so Zoom still shows the "
                "old details. The join URL stays the same: {url}"
            ),
        },
        "edit.dm": {
            "ja": "{kind}「{title}」が <@{actor}> により変更されました: {changes}",
            "en": "The {kind} “{title}” was changed by <@{actor}>: {changes}",
        },
        "edit.new_url_dm": {
            "ja": "{kind}「{title}」({when})の参加 URL が変わりました: {url}",
            "en": "The join URL of the {kind} “{title}” ({when}) has changed: {url}",
        },
        "edit.removed_dm": {
            "ja": (
                "<@{actor}> が{kind}「{title}」({when})の参加者からあなたを外しました。"
                "この予定のリマインダーは届きません。"
            ),
            "en": (
                "<@{actor}> removed you from the {kind} “{title}” ({when}). You will get no "
                "more reminders for it."
            ),
        },
        "edit.editor_failed": {
            "ja": (
                "{kind}「{title}」の変更は保存しましたが、Zoom ミーティング({meeting_id})を"
                "更新できませんでした。Zoom でこのミーティングの日時・タイトルを同じ内容に"
                "変更してください。参加 URL はそのまま使えます。"
            ),
            "en": (
                "Your changes to the {kind} “{title}” were saved, but the Zoom meeting "
                "({meeting_id}) could not be updated. Please make the same change to it in "
                "Zoom. The join URL stays the same and works."
            ),
        },
        "edit.editor_lost": {
            "ja": (
                "{kind}「{title}」の Zoom ミーティング({meeting_id})は Zoom 側で削除されていて、"
                "新しいミーティングも作成できませんでした。カードの「URL再発行」で新しい URL を"
                "発行してください。"
            ),
            "en": (
                "The Zoom meeting ({meeting_id}) of the {kind} “{title}” had been deleted in Zoom "
                "and a new one could not be created. Use “Reissue URL” on the card to issue a "
                "new URL."
            ),
        },
        "edit.editor_no_account": {
            "ja": (
                "{kind}「{title}」の変更は保存しましたが、発行した Zoom アカウントの連携が解除"
                "されているため、Zoom ミーティング({meeting_id})は変更できません。Zoom で直接"
                "変更するか、「URL再発行」で別のアカウントから発行し直してください。"
            ),
            "en": (
                "Your changes to the {kind} “{title}” were saved, but the issuing Zoom account is "
                "no longer linked, so the Zoom meeting ({meeting_id}) could not be changed. "
                "Change it in Zoom, or use “Reissue URL” to issue one from another account."
            ),
        },
        "audit.field.signups_open": {"ja": "参加受付", "en": "sign-ups open"},
        "audit.field.url_on_signup": {"ja": "申し込み時に URL を送る", "en": "URL on sign-up"},
    }
)

# ---- reissue
MESSAGES.update(
    {
        "reissue.modal_title": {"ja": "URL再発行", "en": "Reissue URL"},
        "reissue.submit": {"ja": "再発行する", "en": "Reissue"},
        "reissue.back": {"ja": "戻る", "en": "Back"},
        "reissue.summary": {
            "ja": (
                "{kind}「{title}」({when})の Zoom ミーティングを別のアカウントで作り直し、"
                "新しい URL を参加者に DM で送ります。現在のアカウント: {account}"
            ),
            "en": (
                "This makes the Zoom meeting of the {kind} “{title}” ({when}) again on another "
                "account and DMs every participant the new URL. Current account: {account}"
            ),
        },
        "reissue.account_label": {"ja": "新しい Zoom アカウント", "en": "New Zoom account"},
        "reissue.account_hint": {
            "ja": "現在のアカウント以外の、この時間の各アカウントの状況です。",
            "en": "Every other account, with its state at the event's time.",
        },
        "reissue.old_label": {"ja": "古いミーティング", "en": "Old meeting"},
        "reissue.delete_old": {"ja": "古いミーティングを削除する", "en": "Delete the old meeting"},
        "reissue.started": {
            "ja": "このイベントはすでに始まっているため、URL を再発行できません。",
            "en": "This event has already started, so its URL can no longer be reissued.",
        },
        "reissue.error.no_other_account": {
            "ja": (
                "移せる Zoom アカウントがほかにありません。`/recruit zoom` かホームタブの"
                "「Zoom連携」からアカウントを連携してください。"
            ),
            "en": (
                "There is no other Zoom account to move to. Link one with `/recruit zoom` or "
                "under “Zoom accounts” in the Home tab."
            ),
        },
        "reissue.reason.no_other_account": {
            "ja": "移せる Zoom アカウントがほかにありません",
            "en": "there is no other Zoom account to move to",
        },
        "reissue.advice.other_account": {
            "ja": "別のアカウントか「自動」を選んで、もう一度「URL再発行」を押してください。",
            "en": "Pick another account or Automatic and press “Reissue URL” again.",
        },
        "reissue.advice.retry": {
            "ja": "少し待ってから、もう一度「URL再発行」を押してください。",
            "en": "Wait a moment and press “Reissue URL” again.",
        },
        "reissue.advice.link": {
            "ja": "管理者に Zoom アカウントの連携を依頼してください(`/recruit zoom`)。",
            "en": "Ask an admin to link another Zoom account (`/recruit zoom`).",
        },
        "reissue.failed_dm": {
            "ja": (
                ":x: 「{title}」の URL を再発行できませんでした: {reason}\n"
                "イベントと URL は変わっていません。{advice}"
            ),
            "en": (
                ":x: I couldn't reissue the URL of “{title}”: {reason}\n"
                "The event and its URL are unchanged. {advice}"
            ),
        },
        "reissue.thread": {
            "ja": (
                ":arrows_counterclockwise: <@{actor}> が URL を再発行しました: "
                "{old} → {new}。参加者に新しい URL を DM で送りました。"
            ),
            "en": (
                ":arrows_counterclockwise: <@{actor}> reissued the URL: {old} → {new}. "
                "Every participant got the new URL by DM."
            ),
        },
        "reissue.old_deleted": {
            "ja": "古いミーティング({meeting_id})は削除しました。",
            "en": "The old meeting ({meeting_id}) was deleted.",
        },
        "reissue.old_kept": {
            "ja": "古いミーティング({meeting_id})は Zoom に残しています。",
            "en": "The old meeting ({meeting_id}) was kept in Zoom.",
        },
        "reissue.old_not_deleted": {
            "ja": (
                ":warning: 古いミーティング({meeting_id})は削除できませんでした。"
                "Zoom で削除してください(古い URL はもう送られません)。"
            ),
            "en": (
                ":warning: The old meeting ({meeting_id}) could not be deleted; please delete "
                "it in Zoom (its URL will not be sent again)."
            ),
        },
        "reissue.dm": {
            "ja": (
                "{kind}「{title}」({when})の Zoom URL が <@{actor}> により再発行されました。"
                "新しい URL: {url}"
            ),
            "en": (
                "The Zoom URL of the {kind} “{title}” ({when}) was reissued by <@{actor}>. "
                "New URL: {url}"
            ),
        },
        "reissue.dm_passcode": {"ja": "パスコード: `{passcode}`", "en": "Passcode: `{passcode}`"},
        "audit.field.old_account": {"ja": "旧アカウント", "en": "old account"},
        "audit.field.new_account": {"ja": "新アカウント", "en": "new account"},
        "audit.field.old_meeting_id": {"ja": "旧ミーティング ID", "en": "old meeting ID"},
        "audit.field.new_meeting_id": {"ja": "新ミーティング ID", "en": "new meeting ID"},
        "audit.field.delete_old": {"ja": "旧ミーティング削除", "en": "delete old meeting"},
    }
)
