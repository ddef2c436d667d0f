/**
 * Sessions (DESIGN.md: sessions; issue 8): HMAC-SHA256 signed tokens with expiry, refresh and
 * revocation ({@link dev.ludus.platform.session.SessionTokens}), per-session numbered reliable events
 * kept for a resume, a grace window in which a dropped player waits in the world for its client to
 * come back ({@link dev.ludus.platform.session.SessionRegistry}), parking of the player's critical data
 * when the window passes ({@link dev.ludus.platform.session.ParkedPlayerStore}), and handoff tokens that
 * carry a player to another server.
 *
 * <p>Nothing here touches the network or the world: the gateway ({@code ludus-net}) binds sessions to
 * WebSocket connections and to the simulation. Every line is covered by tests (a JaCoCo rule in this
 * module's build).
 */
package dev.ludus.platform.session;
