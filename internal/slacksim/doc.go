// Package slacksim is a Slack simulator: a real HTTP server that speaks the
// parts of Slack's Web API, Socket Mode and response URLs that mentorbot
// uses, so that the real bot, built on slack-go's slack.Client (pointed at
// APIURL with slack.OptionAPIURL) and socketmode.Client, can be driven end to
// end without a Slack workspace. Tests, the `mentorbot playground` and the
// benchmark all use it.
//
// A Server plays both sides Slack stands between: it answers the bot's Web
// API calls, and it acts for the people in the workspace (SlashCommand,
// ClickButton, SelectOption, SubmitView, CloseView, OpenEvent), sending
// Socket Mode envelopes shaped exactly as Slack's and waiting for the bot's
// acks. Everything the bot did is recorded (Messages, OpenViews, HomeView,
// Calls) and everything a real Slack would have rejected or flagged is listed
// by Failures, so a test can end with "no failures".
//
// # Simulated
//
//   - Web API: auth.test, apps.connections.open, users.info,
//     conversations.open, conversations.history (cursor paging,
//     oldest/latest, include_all_metadata), chat.postMessage (to an IM, a
//     user ID or a channel; metadata; threads), chat.postEphemeral,
//     chat.update, chat.delete, views.open, views.push, views.update,
//     views.publish, and the file upload flow: files.getUploadURLExternal,
//     a POST of the bytes (raw or multipart) to its upload URL on the
//     simulator's own server, files.completeUploadExternal sharing the file
//     in a conversation as a message (Files, FilesTo, Message.Files).
//     Form-encoded and JSON bodies, the token as an
//     Authorization: Bearer header or a token parameter, bot versus app-level
//     tokens, Slack's {"ok":false,"error":...} answers with
//     response_metadata.messages, unknown_method for the rest.
//   - Block Kit validation of messages, modals, App Home, slash command acks
//     and response_url bodies: block counts, text lengths, element counts,
//     block_id and action_id lengths and uniqueness, the element types each
//     block accepts, modal titles and buttons, private_metadata, initial
//     options that must be among the options; the undocumented limit on
//     the text of a message's blocks in all (msg_blocks_too_long, for
//     chat.postMessage, chat.postEphemeral and chat.update, not for
//     response URLs or acks). Slack fills in missing
//     block_id and action_id values, and so does the simulator.
//   - Socket Mode: apps.connections.open tickets, hello, envelopes for
//     slash_commands, interactive (block_actions, view_submission,
//     view_closed) and events_api (app_home_opened, user_change), acks with payloads,
//     the ack deadline, websocket pings, disconnect requests, several
//     concurrent connections.
//   - trigger_id (single use, 3 seconds), response_url (5 uses in 30
//     minutes), modal stacks (at most 3 views), view hashes and
//     response_action errors/update/push/clear.
//   - Rate limits (Options.RateLimits): the published tier of each method as
//     a token bucket and chat.postMessage at about one message per second
//     per channel with short bursts, under a workspace-wide limit whose
//     figure Slack does not publish (Options.WorkspacePostLimit, 300 a
//     minute by default), answered with HTTP 429 and Retry-After;
//     plus injected faults (FailNext, RateLimitNext, SetAckDelayHook), a
//     method's outage for a stretch of time with 5xx answers or answers
//     held past the client's timeout (StartOutage), and a connection lost
//     with an ack in flight, the envelope then redelivered with
//     retry_attempt 1 (DropAfterNextEnvelope).
//
// # Not simulated
//
//   - Messages typed by people (message events), mentions, reactions,
//     files other than the upload flow (files.info, downloads, deletion),
//     shortcuts, external selects, multi-person DMs, user groups,
//     channel membership (the bot may post in any known channel, as with
//     chat:write.public), OAuth and scopes, Enterprise Grid.
//   - Retries of envelopes whose ack is merely late (Slack retries
//     events_api deliveries after a timeout; the simulator reports the late
//     ack instead); only the lost connection of DropAfterNextEnvelope
//     brings a redelivery. Also not simulated: rendering of mrkdwn.
//   - Slack's exact wording of validation messages; codes and JSON pointers
//     follow Slack's form but the sentences are the simulator's own.
//
// # Time
//
// Options.Clock (nil means real time) gives message timestamps, view hashes,
// response_url expiry and rate-limit windows, so that a fake clock can be
// advanced past them. Ack deadlines and pings use real time, because they
// measure the bot's own speed. A trigger_id expires when 3 seconds have
// passed on either clock: real time is what Slack measures, and the fake
// clock lets a test expire a trigger without sleeping.
package slacksim
