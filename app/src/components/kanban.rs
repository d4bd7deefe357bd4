//! A board of lanes whose cards move between lanes: with the mouse (a
//! press that moves past a few pixels lifts the card; it drops on the
//! lane under the pointer), or from the keyboard (Space lifts the
//! focused card, Left/Right choose the lane, Space drops, Escape puts it
//! back; each step is announced in a live region). The board looks and
//! behaves like the pipeline board (same columns, cards and floating
//! copy) but has no order within a lane — the caller sorts each lane —
//! so it suits any record with a status: the service board uses it.
//!
//! The caller owns the cards and does the move (`on_move`): it changes
//! the card's lane at once, saves, and puts it back if refused.

use crate::erased::Erase;
use leptos::prelude::*;

use crate::pages::sales::board_dom::{auto_scroll, focus, inside};

/// A press becomes a drag after the pointer moves this far (shorter is a
/// click on the card's link).
const DRAG_THRESHOLD: f64 = 5.0;

/// What the board needs to know of a card.
pub trait LaneCard: Clone + PartialEq + Send + Sync + 'static {
    fn id(&self) -> i64;
    /// The key of the lane the card is in.
    fn lane(&self) -> String;
    /// Changes whenever the card must be drawn again.
    fn version(&self) -> i64;
    /// Read out when the card is lifted and dropped.
    fn title(&self) -> String;
}

/// A lane: its key and the title people read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub key: String,
    pub title: String,
}

/// Texts the board announces, in the reader's language, with `{title}`
/// and `{lane}` to fill in.
#[derive(Debug, Clone, Copy)]
pub struct LaneTexts {
    pub help: &'static str,
    pub lifted: &'static str,
    pub over: &'static str,
    pub dropped: &'static str,
    pub cancelled: &'static str,
    pub empty: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
struct Lift {
    id: i64,
    /// Index of the lane it would drop on.
    target: usize,
    /// `Some((x, y, width))` for the mouse; `None` for the keyboard.
    pointer: Option<(f64, f64, f64)>,
}

#[derive(Debug, Clone, Copy)]
struct Press {
    id: i64,
    x: f64,
    y: f64,
    width: f64,
}

fn fill(text: &str, title: &str, lane: &str) -> String {
    text.replace("{title}", title).replace("{lane}", lane)
}

/// The board. `can_move` says whether the reader may move a card (cards
/// they may not move are not lifted); `render` draws a card's content.
#[component]
pub fn LaneBoard<C, R, IV>(
    lanes: Vec<Lane>,
    cards: RwSignal<Vec<C>>,
    render: R,
    can_move: Callback<C, bool>,
    on_move: Callback<(C, String)>,
    texts: LaneTexts,
    /// `data-testid` of the board (lanes are `lane-{key}`, cards `card-{id}`).
    #[prop(into)]
    testid: String,
) -> impl IntoView
where
    C: LaneCard,
    R: Fn(C) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let lanes = StoredValue::new(lanes);
    let lift = RwSignal::new(None::<Lift>);
    let press = StoredValue::new(None::<Press>);
    let announce = RwSignal::new(String::new());
    // A drop ends with a click on the card; that click does not open it.
    let swallow_click = StoredValue::new(false);
    // A card moved from the keyboard keeps the focus while the caller
    // replaces it (moved at once, then as saved): each new element of it
    // is focused, until the mouse is used.
    let keep_focus = StoredValue::new(None::<i64>);
    let focus_card = move |id: i64| {
        request_animation_frame(move || {
            if let Ok(Some(el)) = document().query_selector(&format!("[data-card-id=\"{id}\"]")) {
                focus(el);
            }
        });
    };
    Effect::new(move |_| {
        cards.track();
        if let Some(id) = keep_focus.get_value() {
            focus_card(id);
        }
    });
    let lane_of = move |id: i64| {
        let key = cards.with_untracked(|cs| cs.iter().find(|c| c.id() == id).map(LaneCard::lane));
        key.and_then(|k| lanes.with_value(|ls| ls.iter().position(|l| l.key == k)))
    };
    let card_of =
        move |id: i64| cards.with_untracked(|cs| cs.iter().find(|c| c.id() == id).cloned());
    let lane_title = move |i: usize| lanes.with_value(|ls| ls.get(i).map(|l| l.title.clone()));
    let finish = move |l: Lift| {
        lift.set(None);
        let (Some(card), Some(from)) = (card_of(l.id), lane_of(l.id)) else {
            return;
        };
        let title = card.title();
        let lane = lane_title(l.target).unwrap_or_default();
        if from == l.target {
            announce.set(fill(texts.cancelled, &title, &lane));
        } else if let Some(key) = lanes.with_value(|ls| ls.get(l.target).map(|x| x.key.clone())) {
            announce.set(fill(texts.dropped, &title, &lane));
            on_move.run((card, key));
        }
        if l.pointer.is_none() {
            keep_focus.set_value(Some(l.id));
            focus_card(l.id);
        }
    };
    let hit = move |x: f64| -> Option<usize> {
        let list = document().query_selector_all("[data-lane-index]").ok()?;
        for i in 0..list.length() {
            let el = crate::pages::sales::board_dom::element(list.item(i)?)?;
            let r = el.get_bounding_client_rect();
            if x >= r.left() && x <= r.right() {
                return el.get_attribute("data-lane-index")?.parse().ok();
            }
        }
        None
    };
    let on_pointer_move = window_event_listener(leptos::ev::pointermove, move |e| {
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        if let Some(p) = press.get_value()
            && lift.with_untracked(Option::is_none)
            && ((x - p.x).powi(2) + (y - p.y).powi(2)).sqrt() > DRAG_THRESHOLD
            && let Some(from) = lane_of(p.id)
        {
            lift.set(Some(Lift {
                id: p.id,
                target: from,
                pointer: Some((x, y, p.width)),
            }));
        }
        let Some(l) = lift.get_untracked() else {
            return;
        };
        let Some((_, _, width)) = l.pointer else {
            return;
        };
        e.prevent_default();
        auto_scroll(x, y);
        lift.set(Some(Lift {
            target: hit(x).unwrap_or(l.target),
            pointer: Some((x, y, width)),
            ..l
        }));
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |_| {
        press.set_value(None);
        if let Some(l) = lift.get_untracked()
            && l.pointer.is_some()
        {
            swallow_click.set_value(true);
            finish(l);
        }
    });
    let on_down = window_event_listener(leptos::ev::pointerdown, move |_| {
        swallow_click.set_value(false);
        keep_focus.set_value(None);
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |e| {
        if e.default_prevented() {
            return;
        }
        let Some(l) = lift.get_untracked() else {
            return;
        };
        if l.pointer.is_some() {
            if e.key() == "Escape" {
                lift.set(None);
            }
            return;
        }
        let count = lanes.with_value(Vec::len);
        let title = card_of(l.id).map(|c| c.title()).unwrap_or_default();
        match e.key().as_str() {
            "ArrowLeft" | "ArrowRight" => {
                e.prevent_default();
                let target = if e.key() == "ArrowLeft" {
                    l.target.saturating_sub(1)
                } else {
                    (l.target + 1).min(count.saturating_sub(1))
                };
                announce.set(fill(
                    texts.over,
                    &title,
                    &lane_title(target).unwrap_or_default(),
                ));
                lift.set(Some(Lift { target, ..l }));
            }
            " " | "Enter" => {
                e.prevent_default();
                finish(l);
            }
            "Escape" => {
                e.prevent_default();
                let back = Lift {
                    target: lane_of(l.id).unwrap_or(l.target),
                    ..l
                };
                finish(back);
            }
            "Tab" => e.prevent_default(),
            _ => {}
        }
    });
    on_cleanup(move || {
        on_pointer_move.remove();
        on_up.remove();
        on_down.remove();
        on_key.remove();
    });

    let count = lanes.with_value(Vec::len);
    let lane_view = move |index: usize| {
        let Some(lane) = lanes.with_value(|ls| ls.get(index).cloned()) else {
            return ().erase();
        };
        let key = lane.key.clone();
        let key_for_list = key.clone();
        let in_lane = Memo::new(move |_| {
            cards.with(|cs| {
                cs.iter()
                    .filter(|c| c.lane() == key_for_list)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let render = render.clone();
        let targeted = move || {
            lift.with(|l| {
                l.as_ref()
                    .is_some_and(|l| l.target == index && lane_of(l.id) != Some(index))
            })
        };
        view! {
            <section class="board-col lane" class:lane--target=targeted data-lane-index=index
                data-testid=format!("lane-{key}") aria-labelledby=format!("lane-title-{key}")>
                <header class="board-col__head">
                    <h2 class="board-col__name" id=format!("lane-title-{key}")>
                        <span>{lane.title.clone()}</span>
                        <span class="board-col__count" data-testid="lane-count">{move || in_lane.with(Vec::len)}</span>
                    </h2>
                </header>
                <div class="board-col__body">
                    <ul class="lane__list">
                        <For each=move || in_lane.get() key=|c| (c.id(), c.version()) children=move |c| {
                            let id = c.id();
                            let movable = can_move.run(c.clone());
                            let lifted = move || lift.with(|l| l.as_ref().is_some_and(|l| l.id == id));
                            let body = render(c.clone());
                            let title = c.title();
                            view! {
                                <li class="lane-card" class:lane-card--lifted=lifted class:lane-card--fixed=!movable
                                    tabindex="0" data-card-id=id data-testid=format!("card-{id}")
                                    aria-roledescription="card"
                                    on:pointerdown=move |e| {
                                        if !movable || e.button() != 0 || inside(&e, "select, button") {
                                            return;
                                        }
                                        let width = crate::pages::sales::board_dom::current_width(&e);
                                        press.set_value(Some(Press {
                                            id,
                                            x: f64::from(e.client_x()),
                                            y: f64::from(e.client_y()),
                                            width,
                                        }));
                                    }
                                    on:click=move |e| {
                                        if swallow_click.get_value() {
                                            swallow_click.set_value(false);
                                            e.prevent_default();
                                        }
                                    }
                                    on:keydown=move |e| {
                                        if !movable || lift.with_untracked(Option::is_some) {
                                            return;
                                        }
                                        if e.key() == " " && !inside(&e, "a, select, button") {
                                            e.prevent_default();
                                            if let Some(from) = lane_of(id) {
                                                announce.set(fill(
                                                    texts.lifted,
                                                    &title,
                                                    &lane_title(from).unwrap_or_default(),
                                                ));
                                                lift.set(Some(Lift { id, target: from, pointer: None }));
                                            }
                                        }
                                    }>
                                    {body}
                                </li>
                            }
                        }/>
                    </ul>
                    {move || in_lane.with(Vec::is_empty).then(|| view! { <p class="muted small board-col__empty">{texts.empty}</p> })}
                </div>
            </section>
        }
        .erase()
    };
    let ghost = move || {
        let l = lift.get()?;
        let (x, y, width) = l.pointer?;
        let title = card_of(l.id)?.title();
        Some(view! {
            <div class="lane-card lane-card--ghost" aria-hidden="true"
                style=format!("left:{}px;top:{}px;width:{}px", x - 20.0, y - 16.0, width)>
                <span class="lane-card__title">{title}</span>
            </div>
        })
    };
    view! {
        <p id=format!("{testid}-help") class="sr-only">{texts.help}</p>
        <div class="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid=format!("{testid}-announcer")>{move || announce.get()}</div>
        <div class="board lanes" class:board--dragging=move || lift.with(Option::is_some)
            data-testid=testid.clone() aria-describedby=format!("{testid}-help")>
            {(0..count).map(lane_view).collect_view()}
        </div>
        {ghost}
    }
}
