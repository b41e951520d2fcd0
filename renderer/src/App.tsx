// The shell of the renderer. The library grid and the player grow from here.
export function App() {
  return (
    <main className="app">
      <h1>Reelvault</h1>
      <p>Your camera recordings, browsable and playable in any codec.</p>
    </main>
  );
}
