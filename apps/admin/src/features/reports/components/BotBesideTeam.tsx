import type { SummaryFigure } from '../report-sections';

function Side({ id, title, hint, figures }: { id: string; title: string; hint: string; figures: SummaryFigure[] }) {
  return (
    <section className={`card side side--${id}`} aria-labelledby={`side-${id}`}>
      <h2 id={`side-${id}`}>{title}</h2>
      <p className="muted">{hint}</p>
      <dl className="report-figures">
        {figures.map((item) => (
          <div key={item.label} className="report-figures__item">
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The bot's figures beside the team's, for the whole range. */
export function BotBesideTeam({ bot, team }: { bot: SummaryFigure[]; team: SummaryFigure[] }) {
  return (
    <div className="bot-beside-team">
      <Side
        id="bot"
        title="The bot"
        hint="Conversations it answered, how fast, how customers rated it."
        figures={bot}
      />
      <Side
        id="team"
        title="The team"
        hint="What went to people, how fast they answered, how customers rated it."
        figures={team}
      />
    </div>
  );
}
