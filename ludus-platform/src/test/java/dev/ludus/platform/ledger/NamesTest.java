package dev.ludus.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest {
    private static final long SEED = 20261207L;

    @Test
    void shouldAcceptExactlyWhatTheRegularExpressionsOfTheRulesAccept() {
        Pattern key = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
        Pattern player = Pattern.compile("[A-Za-z0-9_-]{1,32}");
        Pattern holder = Pattern.compile("(player:[A-Za-z0-9_-]{1,32}|system:[a-z_]{1,32})");
        String alphabet = "aZ09._:-/ é|\u0000";
        SplittableRandom random = new SplittableRandom(SEED);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(140);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            String why = "seed " + SEED + ", case " + n + ": \"" + candidate + "\"";
            assertThat(Names.matches(candidate, 128, "._:-")).as(why).isEqualTo(key.matcher(candidate).matches());
            assertThat(Account.isPlayerName(candidate)).as(why).isEqualTo(player.matcher(candidate).matches());
            for (String prefix : new String[] {"player:", "system:"}) {
                String name = prefix + candidate.substring(0, Math.min(candidate.length(), 34));
                boolean accepted;
                try {
                    new Account(name, Asset.GOLD);
                    accepted = true;
                } catch (IllegalArgumentException e) {
                    accepted = false;
                }
                assertThat(accepted).as(why + " as " + name).isEqualTo(holder.matcher(name).matches());
            }
        }
        assertThat(Names.matches(null, 10, "")).isFalse();
        assertThat(Names.matches("", 10, "")).isFalse();
    }
}
