//! The pipeline board: one column per stage, Won and Lost zones, cards
//! moved with the mouse (pointer events), the keyboard (Space, arrows,
//! Space, Escape; announced in a live region) or a "Move to…" menu.
//!
//! A drop changes the board at once (`LocalBoard::drop_card`: cards and
//! totals), then saves with the version the person saw. The server's
//! answer replaces the optimistic card; a refusal or a conflict puts the
//! card back where the server has it and says so. Other people's moves
//! arrive over server-sent events (`board_live`).
//!
//! Columns are windowed: cards have a fixed height, and only the rows in
//! view (plus a few) are in the DOM, so ten thousand deals cost what a
//! screenful does. Further cards page in as a column scrolls.

use crate::erased::Erase;
#[cfg(feature = "hydrate")]
use cairn::domain::sales::BoardEvent;
#[cfg(feature = "hydrate")]
use cairn::domain::sales::local::Applied;
use cairn::domain::sales::local::{LocalBoard, Nudge, Target, slot_at, visible_rows};
use cairn::domain::sales::{BoardQuery, BoardView, DealCard, DealStatus};
use cairn::domain::{Action, Actor, AppError, Module, Resource, allowed};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_navigate;

use super::board_dom::{
    auto_scroll, element, focus, focus_card_later, inside, move_focus_in_menu, reveal_target_later,
};
use super::{SalesTabs, fill, money, totals_lines, use_board_query};
use crate::api::customers::customer_directory;
use crate::api::sales::{card_of_deal, move_deal, sales_board, sales_column};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, error_text, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// Height of one card's row (card and gap), in CSS pixels; the CSS uses
/// the same number (`--card-row`).
pub const ROW: f64 = 96.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;
/// A press becomes a drag after the pointer moves this far (a shorter
/// move is a click on the card).
const DRAG_THRESHOLD: f64 = 5.0;

/// `/sales`: filters, then the board.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_board_query();
    let board = leptos::prelude::Resource::new(move || query.get(), sales_board);
    let directory = leptos::prelude::Resource::new(|| (), |_| customer_directory());
    let qs = Signal::derive(move || query.get().to_query_string());
    let reload = Callback::new(move |_: ()| board.refetch());
    view! {
        <Title text=i18n.t(T::NavSales)/>
        <section class="page page--board">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::NavSales)}</h1>
                <div class="page__actions">
                    <A href="/import?kind=deals" attr:class="btn" attr:data-testid="import-link">{i18n.t(T::NavImport)}</A>
                    <A href="/sales/deals/new" attr:class="btn btn--primary" attr:data-testid="new-deal">{i18n.t(T::NewDeal)}</A>
                </div>
            </header>
            <SalesTabs active="board" query=qs/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let people = directory.await.map(|d| d.people).unwrap_or_default();
                    match board.await {
                        Ok(v) => {
                            let q = query.get_untracked();
                            let pipelines = v.pipelines.clone();
                            let people = people.into_iter().map(|p| (p.id, p.name)).collect();
                            view! {
                                <BoardFilters query=q.clone() pipelines people action="/sales" pipeline=v.pipeline.id/>
                                <Board view=v query=q reload/>
                            }
                            .erase()
                        }
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Pipeline, owner, close dates and text: a GET form, so the filters are
/// the URL (shared with the list view).
#[component]
pub fn BoardFilters(
    query: BoardQuery,
    pipelines: Vec<(i64, String)>,
    people: Vec<(i64, String)>,
    action: &'static str,
    pipeline: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(f) = select.form() {
            let _ = f.request_submit();
        }
    };
    let owner = query.owner;
    view! {
        <Form method="GET" action=action attr:class="filters" attr:data-testid="board-filters">
            <select class="input input--sm" name="pipeline" aria-label=i18n.t(T::PipelineLabel) on:change=submit>
                {pipelines.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=id == pipeline>{name}</option> }).collect_view()}
            </select>
            <select class="input input--sm" name="owner" aria-label=i18n.t(T::Owner) on:change=submit>
                <option value="">{i18n.t(T::AnyOwner)}</option>
                {people.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=owner == Some(id)>{name}</option> }).collect_view()}
            </select>
            <label class="filters__date">
                <span class="small muted">{i18n.t(T::CloseFrom)}</span>
                <input class="input input--sm" type="date" name="from" value=query.close_from.map(|d| d.to_string()).unwrap_or_default()/>
            </label>
            <label class="filters__date">
                <span class="small muted">{i18n.t(T::CloseTo)}</span>
                <input class="input input--sm" type="date" name="to" value=query.close_to.map(|d| d.to_string()).unwrap_or_default()/>
            </label>
            <input class="input input--sm filters__q" type="search" name="q" value=query.q.clone() placeholder=i18n.t(T::FilterText) aria-label=i18n.t(T::FilterText)/>
            <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
            <A href=action attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
        </Form>
    }
}

/// A card being moved: where it would land, and how it is being moved.
#[derive(Debug, Clone, PartialEq)]
struct Drag {
    id: i64,
    target: Target,
    /// `Some` for the mouse: pointer position and where the card was
    /// grabbed (the floating copy follows the pointer); `None` for keys.
    pointer: Option<Pointer>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Pointer {
    x: f64,
    y: f64,
    grab_x: f64,
    grab_y: f64,
    width: f64,
}

/// A press on a card that may become a drag.
#[derive(Debug, Clone, Copy)]
struct Press {
    id: i64,
    x: f64,
    y: f64,
    grab_x: f64,
    grab_y: f64,
    width: f64,
}

/// What every part of the board shares (all `Copy`).
#[derive(Clone, Copy)]
struct Ctx {
    state: RwSignal<LocalBoard>,
    drag: RwSignal<Option<Drag>>,
    /// Read by screen readers (polite live region).
    announce: RwSignal<String>,
    /// Shown to everyone: a refused or conflicting move.
    message: RwSignal<Option<String>>,
    menu: RwSignal<Option<(i64, f64, f64)>>,
    lost_for: RwSignal<Option<i64>>,
    /// A deal just dropped on Won: the offer to start its delivery.
    won: RwSignal<Option<(i64, String)>>,
    query: StoredValue<BoardQuery>,
    actor: StoredValue<Option<Actor>>,
    now: DateTime<Utc>,
    /// Loads the board again (live events asked for it).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    reload: Callback<()>,
    /// Captured at set-up: window listeners run outside the component
    /// tree, where context lookups find nothing.
    i18n: crate::i18n::I18n,
}

impl Ctx {
    fn may_move(&self, card: &DealCard) -> bool {
        self.actor.with_value(|a| {
            a.as_ref().is_some_and(|a| {
                allowed(
                    a,
                    Action::Update,
                    Resource::Record {
                        module: Module::Sales,
                        owner_id: card.owner.as_ref().map(|o| o.id),
                        team_id: card.team_id,
                    },
                )
            })
        })
    }

    fn title_of(&self, id: i64) -> String {
        self.state
            .with_untracked(|b| b.card(id).map(|c| c.title.clone()))
            .unwrap_or_default()
    }

    /// "Qualified, position 2 of 5" / "Won" / "Lost".
    fn where_text(&self, id: i64, target: &Target) -> String {
        let i18n = self.i18n;
        match target {
            Target::Won => i18n.t(T::WonZone).to_owned(),
            Target::Lost => i18n.t(T::LostZone).to_owned(),
            Target::Stage { column, index } => self.state.with_untracked(|b| {
                let stage = b
                    .columns
                    .get(*column)
                    .map(|c| c.stage.name.clone())
                    .unwrap_or_default();
                let n = b.slots(*column, id);
                fill(
                    i18n.t(T::AnnWhere),
                    &[
                        ("stage", &stage),
                        ("i", &(index + 1).to_string()),
                        ("n", &n.to_string()),
                    ],
                )
            }),
        }
    }

    /// Drops `id` at `target` now and saves it; on refusal the card goes
    /// back where the server has it.
    /// `refocus`: the move was made from the keyboard, so the card keeps
    /// the focus when the saved version replaces it.
    fn commit(self, id: i64, target: Target, reason: String, refocus: bool) {
        let title = self.title_of(id);
        let Some(request) = self
            .state
            .try_update(|b| b.drop_card(id, &target, &reason, self.now))
            .flatten()
        else {
            return;
        };
        self.message.set(None);
        let to_won = matches!(target, Target::Won);
        spawn_local(async move {
            match move_deal(request).await {
                Ok(card) => {
                    if to_won && card.status == DealStatus::Won {
                        self.won.set(Some((card.id, card.title.clone())));
                    }
                    self.state.update(|b| {
                        b.place(card, None);
                    });
                    if refocus {
                        focus_card_later(id);
                    }
                }
                Err(error) => {
                    match card_of_deal(id).await {
                        Ok(card) => self.state.update(|b| b.restore(card)),
                        Err(_) => self.state.update(|b| b.forget(id)),
                    }
                    let i18n = self.i18n;
                    let text = if matches!(error, AppError::Conflict { .. }) {
                        fill(i18n.t(T::MoveConflict), &[("title", &title)])
                    } else {
                        fill(
                            i18n.t(T::MoveRefused),
                            &[
                                ("title", &title),
                                ("error", &error_text(&error, i18n.lang())),
                            ],
                        )
                    };
                    self.announce.set(text.clone());
                    self.message.set(Some(text));
                }
            }
        });
    }

    /// Finishes a drag at its target: Lost asks for the reason first.
    fn finish(self, d: Drag) {
        self.drag.set(None);
        match d.target {
            Target::Lost => self.lost_for.set(Some(d.id)),
            target => {
                let i18n = self.i18n;
                let text = fill(
                    i18n.t(T::AnnDropped),
                    &[
                        ("title", &self.title_of(d.id)),
                        ("where", &self.where_text(d.id, &target)),
                    ],
                );
                self.commit(d.id, target, String::new(), d.pointer.is_none());
                self.announce.set(text);
                if d.pointer.is_none() {
                    focus_card_later(d.id);
                }
            }
        }
    }
}

#[component]
fn Board(view: BoardView, query: BoardQuery, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = use_session().user.map(|u| Actor {
        user_id: u.id,
        role: u.role,
        team_id: u.team_id,
    });
    let ctx = Ctx {
        state: RwSignal::new(LocalBoard::new(&view, query.clone())),
        drag: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        message: RwSignal::new(None),
        menu: RwSignal::new(None),
        lost_for: RwSignal::new(None),
        won: RwSignal::new(None),
        query: StoredValue::new(query),
        actor: StoredValue::new(actor),
        now: view.now,
        reload,
        i18n,
    };
    provide_context(ctx);
    let can_move = view.can_move;
    let pipeline_id = view.pipeline.id;
    let columns = view.pipeline.stages.len();
    let press = StoredValue::new(None::<Press>);
    // A drag ends with a click on the card's link; that click is not a
    // request to open the deal.
    let swallow_click = StoredValue::new(false);
    provide_context(SwallowClick(swallow_click));
    provide_context(PressSlot(press));

    // Live: other people's moves.
    #[cfg(feature = "hydrate")]
    {
        let live = super::board_live::subscribe(
            pipeline_id,
            move |e: BoardEvent| {
                // The mover's own event may arrive before the save's answer:
                // only someone else's move is announced.
                let me = ctx.actor.with_value(|a| a.as_ref().map(|a| a.user_id));
                let by_other = matches!(&e, BoardEvent::Card { by, .. } if Some(*by) != me);
                let title = match &e {
                    BoardEvent::Card { card, .. } => card.title.clone(),
                    _ => String::new(),
                };
                match ctx.state.try_update(|b| b.apply(&e)) {
                    Some(Applied::Reload) => ctx.reload.run(()),
                    Some(Applied::Changed) if by_other => {
                        let i18n = ctx.i18n;
                        ctx.announce
                            .set(fill(i18n.t(T::AnnLiveMove), &[("title", &title)]));
                    }
                    _ => {}
                }
            },
            move || ctx.reload.run(()),
        );
        let live = StoredValue::new_local(live);
        on_cleanup(move || live.update_value(|l| l.take().map(|l| l.close()).unwrap_or(())));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = pipeline_id;

    // The mouse: a press becomes a drag past the threshold; the target is
    // hit-tested against the columns and zones on every move.
    let on_move = window_event_listener(leptos::ev::pointermove, move |e| {
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        if let Some(p) = press.get_value()
            && ctx.drag.with_untracked(Option::is_none)
            && ((x - p.x).powi(2) + (y - p.y).powi(2)).sqrt() > DRAG_THRESHOLD
        {
            let origin = ctx.state.with_untracked(|b| b.target_of(p.id));
            if let Some(target) = origin {
                ctx.menu.set(None);
                ctx.drag.set(Some(Drag {
                    id: p.id,
                    target,
                    pointer: Some(Pointer {
                        x,
                        y,
                        grab_x: p.grab_x,
                        grab_y: p.grab_y,
                        width: p.width,
                    }),
                }));
            }
        }
        let Some(d) = ctx.drag.get_untracked() else {
            return;
        };
        let Some(p) = d.pointer else { return };
        e.prevent_default();
        auto_scroll(x, y);
        let target = hit_test(ctx, d.id, x, y).unwrap_or(d.target.clone());
        ctx.drag.set(Some(Drag {
            target,
            pointer: Some(Pointer { x, y, ..p }),
            ..d
        }));
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |_| {
        press.set_value(None);
        if let Some(d) = ctx.drag.get_untracked()
            && d.pointer.is_some()
        {
            swallow_click.set_value(true);
            ctx.finish(d);
        }
    });
    let on_cancel = window_event_listener(leptos::ev::pointercancel, move |_| {
        press.set_value(None);
        if ctx
            .drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.pointer.is_some()))
        {
            ctx.drag.set(None);
        }
    });
    // The keyboard, while a card is lifted (focus is on the board then:
    // the lifted card has left its slot).
    let on_key = window_event_listener(leptos::ev::keydown, move |e| {
        // The Space that lifted a card reaches the window too (handled,
        // so its default is prevented); only later keys move it.
        if e.default_prevented() {
            return;
        }
        let Some(d) = ctx.drag.get_untracked() else {
            return;
        };
        if d.pointer.is_some() {
            if e.key() == "Escape" {
                ctx.drag.set(None);
            }
            return;
        }
        let nudge = match e.key().as_str() {
            "ArrowLeft" => Some(Nudge::Left),
            "ArrowRight" => Some(Nudge::Right),
            "ArrowUp" => Some(Nudge::Up),
            "ArrowDown" => Some(Nudge::Down),
            _ => None,
        };
        let i18n = ctx.i18n;
        if let Some(n) = nudge {
            e.prevent_default();
            let target = ctx.state.with_untracked(|b| b.nudge(d.id, &d.target, n));
            ctx.announce.set(ctx.where_text(d.id, &target));
            ctx.drag.set(Some(Drag { target, ..d }));
            reveal_target_later();
        } else if e.key() == " " || e.key() == "Enter" {
            e.prevent_default();
            ctx.finish(d);
        } else if e.key() == "Escape" {
            e.prevent_default();
            ctx.drag.set(None);
            let stage = ctx.state.with_untracked(|b| {
                b.find(d.id)
                    .map(|(c, _)| b.columns[c].stage.name.clone())
                    .unwrap_or_default()
            });
            ctx.announce.set(fill(
                i18n.t(T::AnnCancelled),
                &[("title", &ctx.title_of(d.id)), ("stage", &stage)],
            ));
            focus_card_later(d.id);
        } else if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    // A press outside the menu closes it.
    let on_down = window_event_listener(leptos::ev::pointerdown, move |e| {
        // A drop outside the card fires no click: a flag left from it
        // must not swallow the next, real one.
        swallow_click.set_value(false);
        if ctx.menu.with_untracked(Option::is_some) && !inside(&e, ".menu") {
            ctx.menu.set(None);
        }
    });
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
        on_cancel.remove();
        on_key.remove();
        on_down.remove();
    });

    let dragging = move || ctx.drag.with(Option::is_some);
    view! {
        <p id="board-help" class="sr-only">{i18n.t(T::BoardHelp)}</p>
        <div class="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="announcer">{move || ctx.announce.get()}</div>
        {(!can_move).then(|| view! { <p class="banner banner--warn" data-testid="read-only">{i18n.t(T::ReadOnlyBoard)}</p> })}
        {move || ctx.message.get().map(|m| view! {
            <p class="banner banner--error" role="alert" data-testid="move-message">
                {m}" "
                <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| ctx.message.set(None)>"×"</button>
            </p>
        })}
        <div class="board" class:board--dragging=dragging tabindex="-1" id="board" data-testid="board"
            aria-describedby="board-help" data-pipeline=pipeline_id>
            {(0..columns).map(|c| view! { <Column index=c/> }).collect_view()}
            <Zone status=DealStatus::Won/>
            <Zone status=DealStatus::Lost/>
        </div>
        <DragGhost/>
        <MoveMenu/>
        <LostDialog/>
        <crate::pages::projects::start::WonDialog won=ctx.won/>
    }
}

#[derive(Clone, Copy)]
struct SwallowClick(StoredValue<bool>);
#[derive(Clone, Copy)]
struct PressSlot(StoredValue<Option<Press>>);

/// The drop target under the pointer: a zone, or a slot of a column.
fn hit_test(ctx: Ctx, dragged: i64, x: f64, y: f64) -> Option<Target> {
    let doc = document();
    let within = |el: &web_sys::Element| {
        let r = el.get_bounding_client_rect();
        x >= r.left() && x <= r.right() && y >= r.top() && y <= r.bottom()
    };
    let zones = doc.query_selector_all("[data-zone]").ok()?;
    for i in 0..zones.length() {
        let Some(el) = zones.item(i).and_then(element) else {
            continue;
        };
        if within(&el) {
            return match el.get_attribute("data-zone").as_deref() {
                Some("won") => Some(Target::Won),
                _ => Some(Target::Lost),
            };
        }
    }
    let cols = doc.query_selector_all("[data-col]").ok()?;
    for i in 0..cols.length() {
        let Some(col) = cols.item(i).and_then(element) else {
            continue;
        };
        let r = col.get_bounding_client_rect();
        if x < r.left() || x > r.right() {
            continue;
        }
        let column: usize = col.get_attribute("data-col")?.parse().ok()?;
        let body = col.query_selector(".board-col__body").ok()??;
        let br = body.get_bounding_client_rect();
        let y_in = y - br.top() + f64::from(body.scroll_top());
        let slots = ctx.state.with_untracked(|b| b.slots(column, dragged));
        return Some(Target::Stage {
            column,
            index: slot_at(y_in, ROW, slots),
        });
    }
    None
}

/// One row of a column: a card, or the gap where the dragged card lands.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    Card { id: i64, version: i64, slot: usize },
    Gap { slot: usize },
}

impl Row {
    fn key(&self) -> (i64, i64) {
        match self {
            Row::Card { id, version, .. } => (*id, *version),
            Row::Gap { .. } => (-1, 0),
        }
    }
}

#[component]
fn Column(index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let stage = ctx.state.with_untracked(|b| b.columns[index].stage.clone());
    let stage_id = stage.id;
    let scroll = RwSignal::new(0.0_f64);
    // Until measured in the browser: a typical viewport's column.
    let height = RwSignal::new(720.0_f64);
    let body = NodeRef::<leptos::html::Div>::new();
    let loading = RwSignal::new(false);

    // Rows in view (with the gap while a drag targets this column), and
    // the column's number of rows for the scroll height.
    let rows = Memo::new(move |_| {
        let (dragged, gap) = ctx.drag.with(|d| match d {
            Some(Drag {
                id,
                target: Target::Stage { column, index: t },
                ..
            }) if *column == index => (Some(*id), Some(*t)),
            Some(d) => (Some(d.id), None),
            None => (None, None),
        });
        ctx.state.with(|b| {
            let col = &b.columns[index];
            let n = col.cards.len()
                - usize::from(dragged.is_some_and(|d| col.cards.iter().any(|c| c.id == d)));
            let total = n + usize::from(gap.is_some());
            let range = visible_rows(scroll.get(), height.get(), ROW, total, OVERSCAN);
            let mut out = Vec::with_capacity(range.len() + 1);
            let mut i = 0;
            for c in &col.cards {
                if Some(c.id) == dragged {
                    continue;
                }
                let slot = i + usize::from(gap.is_some_and(|g| i >= g));
                if range.contains(&slot) {
                    out.push(Row::Card {
                        id: c.id,
                        version: c.version,
                        slot,
                    });
                }
                i += 1;
                if slot >= range.end {
                    break;
                }
            }
            if let Some(slot) = gap {
                out.push(Row::Gap { slot });
            }
            (out, total, col.complete())
        })
    });

    // Pages in the next cards when the rows in view reach the loaded end.
    let load_more = move || {
        let (total, complete) = rows.with_untracked(|(_, t, c)| (*t, *c));
        let last_visible =
            ((scroll.get_untracked() + height.get_untracked()) / ROW).ceil() as usize;
        if complete || loading.get_untracked() || last_visible + OVERSCAN * 2 < total {
            return;
        }
        loading.set(true);
        let offset = ctx.state.with_untracked(|b| b.columns[index].cards.len()) as u64;
        let q = ctx.query.get_value();
        spawn_local(async move {
            if let Ok(cards) = sales_column(q, stage_id, offset).await {
                ctx.state.update(|b| b.append(stage_id, cards));
            }
            loading.set(false);
        });
    };
    let on_scroll = move |_| {
        if let Some(el) = body.get_untracked() {
            scroll.set(f64::from(el.scroll_top()));
            height.set(f64::from(el.client_height()));
        }
        load_more();
    };
    Effect::new(move |_| {
        if let Some(el) = body.get() {
            height.set(f64::from(el.client_height()));
        }
    });

    let totals = Memo::new(move |_| ctx.state.with(|b| b.columns[index].totals.clone()));
    let count = move || totals.with(|t| t.count());
    let rot = stage.rotting_days;
    let name = stage.name.clone();
    view! {
        <section class="board-col" data-col=index data-stage=stage.id data-testid="column" data-stage-name=name.clone()
            aria-label=name.clone()>
            <header class="board-col__head">
                <h2 class="board-col__name">{name.clone()}<span class="board-col__count" data-testid="count">{count}</span></h2>
                <div class="board-col__totals" data-testid="totals">
                    {move || totals.with(totals_lines).into_iter().map(|l| view! {
                        <div class="board-col__line" data-currency=l.currency.clone() data-amount=l.amount data-weighted=l.weighted
                            title=format!("{} · {} {}", money(l.amount, &l.currency), i18n.t(T::WeightedLabel), money(l.weighted, &l.currency))>
                            <span data-testid="total">{l.amount_text}</span>
                            <span class="muted" data-testid="weighted">"≈ "{l.weighted_text}</span>
                        </div>
                    }).collect_view()}
                </div>
                <div class="board-col__meta small muted">
                    {format!("{} %", stage.probability)}
                    {rot.map(|d| format!(" · {}", fill(i18n.t(T::RotsAfter), &[("n", &d.to_string())])))}
                </div>
            </header>
            <div class="board-col__body" node_ref=body on:scroll=on_scroll>
                <div class="board-col__list" role="list" style:height=move || format!("{}px", rows.with(|r| r.1) as f64 * ROW)>
                    <For each=move || rows.with(|r| r.0.clone()) key=Row::key let:row>
                        {match row {
                            Row::Card { id, .. } => view! { <CardView id column=index rows/> }.erase(),
                            Row::Gap { .. } => view! { <Gap rows/> }.erase(),
                        }}
                    </For>
                </div>
                {move || (count() == 0 && !ctx.drag.with(Option::is_some)).then(|| view! { <p class="board-col__empty muted small">{i18n.t(T::NoDeals)}</p> })}
                {move || loading.get().then(|| view! { <p class="board-col__more muted small">{i18n.t(T::LoadingMore)}</p> })}
            </div>
        </section>
    }
}

type Rows = Memo<(Vec<Row>, usize, bool)>;

/// Where the dragged card will land.
#[component]
fn Gap(rows: Rows) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let slot = move || {
        rows.with(|r| {
            r.0.iter().find_map(|x| match x {
                Row::Gap { slot } => Some(*slot),
                _ => None,
            })
        })
        .unwrap_or(0)
    };
    let title = move || {
        ctx.drag
            .with(|d| d.as_ref().map(|d| d.id))
            .map(|id| ctx.title_of(id))
            .unwrap_or_default()
    };
    view! {
        <div class="deal-card deal-card--gap" data-placeholder="" aria-hidden="true"
            style:transform=move || format!("translateY({}px)", slot() as f64 * ROW)>
            <span class="deal-card__title">{title}</span>
        </div>
    }
}

#[component]
fn CardView(id: i64, column: usize, rows: Rows) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let swallow = expect_context::<SwallowClick>().0;
    let press = expect_context::<PressSlot>().0;
    let navigate = use_navigate();
    let Some(card) = ctx.state.with_untracked(|b| b.card(id).cloned()) else {
        return ().erase();
    };
    let slot = move || {
        rows.with(|r| {
            r.0.iter().find_map(|x| match x {
                Row::Card { id: i, slot, .. } if *i == id => Some(*slot),
                _ => None,
            })
        })
        .unwrap_or(0)
    };
    let rotting_days = ctx
        .state
        .with_untracked(|b| b.columns.get(column).and_then(|c| c.stage.rotting_days));
    let days = card.days_in_stage(ctx.now);
    let rotting = cairn::domain::sales::deal::is_rotting(days, rotting_days);
    let movable = ctx.may_move(&card);
    let owner = card
        .owner
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let initials = cairn::domain::sales::deal::initials(&owner);
    let href = format!("/sales/deals/{id}");
    let days_title = if rotting {
        fill(
            i18n.t(T::RottingFlag),
            &[
                ("n", &days.to_string()),
                ("m", &rotting_days.unwrap_or(0).to_string()),
            ],
        )
    } else {
        fill(i18n.t(T::DaysInStage), &[("n", &days.to_string())])
    };
    let on_pointerdown = move |e: leptos::ev::PointerEvent| {
        if !movable || e.button() != 0 || inside(&e, "button") {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(el) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let r = el.get_bounding_client_rect();
                let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
                press.set_value(Some(Press {
                    id,
                    x,
                    y,
                    grab_x: x - r.left(),
                    grab_y: y - r.top(),
                    width: r.width(),
                }));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (press, id);
    };
    let open_deal = {
        let href = href.clone();
        let navigate = navigate.clone();
        move || navigate(&href, Default::default())
    };
    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
        if ctx.drag.with_untracked(Option::is_some) || inside(&e, "button") {
            return;
        }
        match e.key().as_str() {
            " " if movable => {
                e.prevent_default();
                let Some(target) = ctx.state.with_untracked(|b| b.target_of(id)) else {
                    return;
                };
                let i18n = ctx.i18n;
                ctx.announce.set(fill(
                    i18n.t(T::AnnLifted),
                    &[
                        ("title", &ctx.title_of(id)),
                        ("where", &ctx.where_text(id, &target)),
                    ],
                ));
                ctx.drag.set(Some(Drag {
                    id,
                    target,
                    pointer: None,
                }));
                // The card leaves its slot; the board keeps the focus.
                if let Some(board) = document().get_element_by_id("board") {
                    focus(board);
                }
            }
            "Enter" => open_deal(),
            _ => {}
        }
    };
    let on_click_capture = move |e: leptos::ev::MouseEvent| {
        if swallow.get_value() {
            swallow.set_value(false);
            e.prevent_default();
            e.stop_propagation();
        }
    };
    let open_menu = move |e: leptos::ev::MouseEvent| {
        e.stop_propagation();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(el) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let r = el.get_bounding_client_rect();
                ctx.menu.set(Some((id, r.right(), r.bottom())));
            }
        }
    };
    let amount = money(card.amount, &card.currency);
    let label = format!(
        "{}, {}{}, {}",
        card.title,
        card.account
            .as_ref()
            .map(|a| format!("{}, ", a.name))
            .unwrap_or_default(),
        amount,
        days_title
    );
    view! {
        <article class="deal-card" class:deal-card--rotting=rotting class:deal-card--fixed=!movable
            role="listitem" tabindex="0" data-deal-id=id data-title=card.title.clone() data-testid="deal-card"
            aria-roledescription=i18n.t(T::CardRole) aria-label=label aria-describedby="board-help"
            style:transform=move || format!("translateY({}px)", slot() as f64 * ROW)
            on:pointerdown=on_pointerdown on:keydown=on_keydown on:click:capture=on_click_capture>
            <a class="deal-card__title" href=href draggable="false" tabindex="-1">{card.title.clone()}</a>
            <div class="deal-card__account">{card.account.as_ref().map(|a| a.name.clone()).unwrap_or_default()}</div>
            <div class="deal-card__foot">
                <span class="deal-card__amount" data-testid="amount">{amount}</span>
                <span class="deal-card__days" class:deal-card__days--rotting=rotting title=days_title.clone() data-testid=if rotting { "rotting" } else { "days" }>
                    {if rotting { "⚠ " } else { "" }}{fill(i18n.t(T::DaysShort), &[("n", &days.to_string())])}
                </span>
                <span class="avatar avatar--sm" title=owner>{initials}</span>
            </div>
            {movable.then(|| view! {
                <button type="button" class="deal-card__menu" aria-haspopup="menu" aria-label=i18n.t(T::MoveTo)
                    title=i18n.t(T::MoveTo) data-testid="move-menu" on:click=open_menu>"⋯"</button>
            })}
        </article>
    }
    .erase()
}

/// The Won or Lost drop zone, with the recent totals.
#[component]
fn Zone(status: DealStatus) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let (key, label, target) = match status {
        DealStatus::Won => ("won", T::WonZone, Target::Won),
        _ => ("lost", T::LostZone, Target::Lost),
    };
    let totals = Memo::new(move |_| {
        ctx.state.with(|b| match status {
            DealStatus::Won => b.won.clone(),
            _ => b.lost.clone(),
        })
    });
    let targeted = move || {
        ctx.drag
            .with(|d| d.as_ref().is_some_and(|d| d.target == target))
    };
    view! {
        <section class=format!("zone zone--{key}") class:zone--target=targeted data-zone=key data-testid=format!("zone-{key}")
            aria-label=i18n.t(label)>
            <h2 class="zone__name">{i18n.t(label)}<span class="board-col__count" data-testid="count">{move || totals.with(|t| t.count())}</span></h2>
            <p class="small muted">{i18n.t(T::ZoneRecent)}</p>
            <div class="board-col__totals">
                {move || totals.with(totals_lines).into_iter().map(|l| view! {
                    <div class="board-col__line" data-currency=l.currency.clone() data-amount=l.amount data-weighted=l.weighted>
                        <span data-testid="total">{l.amount_text}</span>
                    </div>
                }).collect_view()}
            </div>
            <p class="zone__hint small">{i18n.t(T::DropHere)}</p>
        </section>
    }
}

/// The card under the pointer while dragging with the mouse.
#[component]
fn DragGhost() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        let d = ctx.drag.get()?;
        let p = d.pointer?;
        let card = ctx.state.with_untracked(|b| b.card(d.id).cloned())?;
        Some(view! {
            <div class="deal-card deal-card--ghost" aria-hidden="true"
                style=format!("left:{}px;top:{}px;width:{}px", p.x - p.grab_x, p.y - p.grab_y, p.width)>
                <span class="deal-card__title">{card.title.clone()}</span>
                <div class="deal-card__account">{card.account.map(|a| a.name).unwrap_or_default()}</div>
                <div class="deal-card__foot"><span class="deal-card__amount">{money(card.amount, &card.currency)}</span></div>
            </div>
        })
    }
}

/// "Move to…": every other stage, Won and Lost.
#[component]
fn MoveMenu() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let menu_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if ctx.menu.with(Option::is_some) {
            request_animation_frame(move || {
                if let Some(m) = menu_ref.get_untracked()
                    && let Ok(Some(first)) = m.query_selector("button")
                {
                    focus(first);
                }
            });
        }
    });
    move || {
        let (id, x, y) = ctx.menu.get()?;
        let (title, current, stages) = ctx.state.with_untracked(|b| {
            let (c, _) = b.find(id)?;
            Some((
                b.columns[c]
                    .cards
                    .iter()
                    .find(|k| k.id == id)?
                    .title
                    .clone(),
                c,
                b.columns
                    .iter()
                    .map(|col| col.stage.name.clone())
                    .collect::<Vec<_>>(),
            ))
        })?;
        let choose = move |target: Target| {
            ctx.menu.set(None);
            ctx.finish(Drag {
                id,
                target,
                pointer: None,
            });
        };
        let on_key = move |e: leptos::ev::KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                ctx.menu.set(None);
                focus_card_later(id);
            }
            "ArrowDown" | "ArrowUp" => {
                e.prevent_default();
                move_focus_in_menu(e.key() == "ArrowDown");
            }
            _ => {}
        };
        let heading = fill(i18n.t(T::MoveDealTo), &[("title", &title)]);
        let label = heading.clone();
        Some(view! {
            <div class="menu" role="menu" aria-label=label node_ref=menu_ref data-testid="move-to"
                style=format!("left:{}px;top:{}px", (x - 220.0).max(8.0), y + 4.0) on:keydown=on_key>
                <p class="menu__title small muted">{heading}</p>
                {stages.into_iter().enumerate().filter(|(c, _)| *c != current).map(|(c, name)| view! {
                    <button type="button" role="menuitem" class="menu__item" on:click=move |_| choose(Target::Stage { column: c, index: 0 })>{name}</button>
                }).collect_view()}
                <button type="button" role="menuitem" class="menu__item menu__item--won" on:click=move |_| choose(Target::Won)>{i18n.t(T::MarkWon)}</button>
                <button type="button" role="menuitem" class="menu__item menu__item--lost" on:click=move |_| choose(Target::Lost)>{i18n.t(T::MarkLost)}"…"</button>
            </div>
        })
    }
}

/// Dropping on Lost asks why; the move is made only with a reason.
#[component]
fn LostDialog() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if ctx.lost_for.with(Option::is_some) {
            reason.set(String::new());
            error.set(None);
            request_animation_frame(move || {
                if let Some(a) = area.get_untracked() {
                    let _ = a.focus();
                }
            });
        }
    });
    let cancel = move || {
        if let Some(id) = ctx.lost_for.get_untracked() {
            ctx.lost_for.set(None);
            focus_card_later(id);
        }
    };
    move || {
        let id = ctx.lost_for.get()?;
        let title = ctx.title_of(id);
        let submit = move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            let r = reason.get_untracked();
            if let Err(e) = cairn::domain::customer::fields::required("reason", &r, 500) {
                error.set(Some(e));
                return;
            }
            ctx.lost_for.set(None);
            let i18n = ctx.i18n;
            let text = fill(
                i18n.t(T::AnnDropped),
                &[("title", &ctx.title_of(id)), ("where", i18n.t(T::LostZone))],
            );
            ctx.commit(id, Target::Lost, r, false);
            ctx.announce.set(text);
        };
        let on_key = move |e: leptos::ev::KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cancel();
            }
        };
        let heading = fill(i18n.t(T::LostWhy), &[("title", &title)]);
        Some(view! {
            <div class="dialog-backdrop" on:keydown=on_key>
                <form class="dialog panel" role="dialog" aria-modal="true" aria-labelledby="lost-title" on:submit=submit data-testid="lost-dialog">
                    <h2 id="lost-title" class="panel__title">{heading}</h2>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Reason)}" *"</span>
                        <textarea class="input" name="reason" rows="3" node_ref=area bind:value=reason></textarea>
                        {crate::pages::customers::field_error(error.into(), "reason")}
                    </label>
                    <div class="form__actions">
                        <button type="submit" class="btn btn--danger">{i18n.t(T::MarkLost)}</button>
                        <button type="button" class="btn btn--ghost" on:click=move |_| cancel()>{i18n.t(T::Cancel)}</button>
                    </div>
                </form>
            </div>
        })
    }
}
